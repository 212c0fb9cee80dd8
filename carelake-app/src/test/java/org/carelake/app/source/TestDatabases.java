package org.carelake.app.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.config.JdbcEndpoint;

/**
 * The one embedded PostgreSQL of this test JVM, started on first use and stopped when the JVM ends.
 * Each test gets its own fresh database on it.
 */
final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgresService server;

  private TestDatabases() {}

  private static synchronized EmbeddedPostgresService server() throws Exception {
    if (server == null) {
      Path folder = Files.createTempDirectory("carelake-source-it-");
      server = EmbeddedPostgresService.start(folder, 0);
      EmbeddedPostgresService started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return server;
  }

  /** A new, empty database. */
  static JdbcEndpoint fresh() {
    try {
      EmbeddedPostgresService postgres = server();
      String name = "test_" + COUNTER.incrementAndGet();
      try (Connection connection = postgres.connect("postgres");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      }
      return new JdbcEndpoint(
          postgres.jdbcUrl(name), EmbeddedPostgresService.USER, Optional.empty());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("The embedded PostgreSQL did not start", e);
    }
  }
}
