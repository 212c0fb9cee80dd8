package org.carelake.config;

import java.util.regex.Pattern;

/**
 * Secrets written inside JDBC URLs, masked for display. A JDBC URL may carry a password in its
 * parameters ({@code ?user=etl&password=...} for PostgreSQL, {@code ;password=...;} for SQL Server,
 * where a value may be wrapped in braces) or in its authority ({@code //etl:secret@host}); every
 * place that shows a URL, in a listing, an error or a log, shows it through {@link #redact}.
 */
public final class JdbcUrls {
  /** What a masked secret reads as. */
  public static final String MASK = "********";

  /**
   * Parameters that hold a secret in the JDBC drivers carelake uses (PostgreSQL, SQL Server, H2)
   * and in the usual cloud connection strings.
   */
  private static final Pattern PARAMETER =
      Pattern.compile(
          "(?i)([?&;]\\s*(?:password|pwd|passwd|sslpassword|secret|clientsecret|client_secret"
              + "|accesstoken|access_token|token|sharedaccesskey|accountkey)\\s*=\\s*)"
              + "(\\{[^}]*}|[^&;\\s]*)");

  /** A password in the authority: {@code //user:password@host}. */
  private static final Pattern AUTHORITY = Pattern.compile("(//[^/:@?;\\s]+:)([^@/\\s]+)(@)");

  private JdbcUrls() {}

  /**
   * The text with every secret of a JDBC URL in it masked; the rest (host, port, database, user)
   * kept, since they are what a reader needs to find the database.
   *
   * @param text a JDBC URL, or any text that may hold one (an error message)
   * @return the text, secrets replaced by {@link #MASK}; empty for null
   */
  public static String redact(String text) {
    if (text == null) {
      return "";
    }
    String masked = PARAMETER.matcher(text).replaceAll("$1" + MASK);
    return AUTHORITY.matcher(masked).replaceAll("$1" + MASK + "$3");
  }
}
