package org.carelake.synth;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.carelake.config.JdbcEndpoint;

/**
 * The one embedded PostgreSQL of this test JVM, started on first use and stopped when the JVM ends.
 * Each test gets its own fresh database on it. (The application's embedded service is not on this
 * module's class path, so the server is started with zonky directly.)
 */
final class TestDatabases {
  private static final String USER = "postgres";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabases() {}

  private static synchronized EmbeddedPostgres server() throws Exception {
    if (server == null) {
      Path folder = Files.createTempDirectory("carelake-synth-it-");
      Path work = Files.createDirectories(folder.resolve("work"));
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(folder.resolve("data"))
              .setOverrideWorkingDirectory(work.toFile())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }));
    }
    return server;
  }

  /** A new, empty database. */
  static JdbcEndpoint fresh() {
    try {
      EmbeddedPostgres postgres = server();
      String name = "test_" + COUNTER.incrementAndGet();
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      }
      return new JdbcEndpoint(
          "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name, USER, Optional.empty());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("The embedded PostgreSQL did not start", e);
    }
  }
}
