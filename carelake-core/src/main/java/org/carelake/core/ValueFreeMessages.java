package org.carelake.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.config.JdbcUrls;

/**
 * Messages of exceptions from other libraries (Spark, the JDBC driver, HAPI) with the values they
 * may quote taken out, for logs, the run history and the console. Such messages often carry the
 * record that failed: Spark's malformed-record error quotes the row, PostgreSQL quotes the value
 * that did not convert. carelake's own messages are written without record values and pass
 * unchanged.
 *
 * <p>What is removed: anything in quotes, brackets or braces, anything after {@code value}, {@code
 * record} or {@code row} and a colon, and runs of three or more digits (dates, identifiers, phone
 * numbers). What stays: the exception type, the message's words, and the location (column and table
 * names are words).
 */
public final class ValueFreeMessages {
  private static final String WITHHELD = "<withheld>";
  private static final Pattern QUOTED =
      Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`|\\[[^\\]]*]|\\{[^}]*}|\\([^)]*\\d[^)]*\\)");
  private static final Pattern AFTER_LABEL =
      Pattern.compile("(?i)\\b(values?|records?|rows?|input|data)(\\s*[:=])\\s*\\S.*$");
  // Network addresses and ports stay (they say where a connection failed); other runs of three or
  // more digits (dates, identifiers, phone numbers) are masked.
  private static final Pattern DIGITS =
      Pattern.compile("((?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?|:\\d{1,5}\\b)|\\d{3,}");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");

  private ValueFreeMessages() {}

  /**
   * The message of a failure, without values: a {@link CarelakeException}'s own message as it is
   * (carelake writes them without values, and masks any other library's text it quotes, see {@link
   * Errors#rootMessage}), any other exception's type and masked first line, and the type and masked
   * first line of its root cause when that is another exception.
   */
  public static String of(Throwable failure) {
    if (failure instanceof CarelakeException) {
      return String.valueOf(failure.getMessage());
    }
    StringBuilder text = new StringBuilder(describe(failure));
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != failure) {
      text.append(" (caused by ").append(describe(root)).append(')');
    }
    return text.toString();
  }

  /**
   * The failure as an exception fit to log: the same types, stack frames and causes, with every
   * message replaced by its value-free form.
   */
  public static RuntimeException loggable(Throwable failure) {
    Throwable cause =
        failure.getCause() == null || failure.getCause() == failure
            ? null
            : loggable(failure.getCause());
    Withheld copy =
        new Withheld(
            failure.getClass().getName() + ": " + mask(firstLine(failure.getMessage())), cause);
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /** A text with quoted, bracketed and labelled values, long digit runs and e-mails masked. */
  public static String mask(String text) {
    if (text == null) {
      return "";
    }
    String masked = EMAIL.matcher(JdbcUrls.redact(text)).replaceAll(WITHHELD);
    masked = QUOTED.matcher(masked).replaceAll(WITHHELD);
    masked = AFTER_LABEL.matcher(masked).replaceAll("$1$2 " + WITHHELD);
    return DIGITS
        .matcher(masked)
        .replaceAll(
            match -> match.group(1) != null ? Matcher.quoteReplacement(match.group()) : "#");
  }

  private static String describe(Throwable failure) {
    String message = firstLine(failure.getMessage());
    return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + mask(message));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  /** A copy of a failure whose message no longer carries values. */
  private static final class Withheld extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Withheld(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
