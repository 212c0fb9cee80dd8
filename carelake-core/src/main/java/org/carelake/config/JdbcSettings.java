package org.carelake.config;

import java.util.Optional;

/**
 * How to reach a database.
 *
 * @param url the JDBC URL, or empty for the embedded PostgreSQL
 * @param user the user name
 * @param password the password, when one is configured
 */
public record JdbcSettings(Optional<String> url, String user, Optional<String> password) {
  /** Whether this database is the embedded PostgreSQL. */
  public boolean embedded() {
    return url.isEmpty();
  }

  @Override
  public String toString() {
    return "JdbcSettings[url=" + url.orElse("(embedded)") + ", user=" + user + "]";
  }
}
