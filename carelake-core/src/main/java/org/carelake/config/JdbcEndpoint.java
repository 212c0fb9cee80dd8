package org.carelake.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * A database carelake talks to, embedded or external.
 *
 * @param url the JDBC URL
 * @param user the user name
 * @param password the password, when one is needed
 */
public record JdbcEndpoint(String url, String user, Optional<String> password) {
  /** Opens a new connection. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, properties());
  }

  /** The connection properties (user and password), for JDBC and Spark's JDBC writer. */
  public Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    password.ifPresent(secret -> properties.setProperty("password", secret));
    return properties;
  }

  /** The URL as it may be shown: a password written inside it masked ({@link JdbcUrls}). */
  public String displayUrl() {
    return JdbcUrls.redact(url);
  }

  @Override
  public String toString() {
    return "JdbcEndpoint[url=" + displayUrl() + ", user=" + user + "]";
  }
}
