package org.carelake.app.services;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server: real PostgreSQL binaries from Maven Central (zonky), with its
 * data folder under carelake's data folder so the source EHR and the published tables survive
 * between commands.
 *
 * <p>When another carelake process (for example {@code carelake services}) already runs the server
 * on the same data folder, this attaches to it instead of failing, so {@code carelake run} works
 * beside a running {@code carelake services}.
 */
public final class EmbeddedPostgresService implements AutoCloseable {
  /** The database that holds the source EHR. */
  public static final String SOURCE_DATABASE = "ehr";

  /** The database that receives published gold tables. */
  public static final String PUBLISH_DATABASE = "carelake_publish";

  /** The superuser the embedded server is initialised with. */
  public static final String USER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresService.class);

  private final Optional<EmbeddedPostgres> server;
  private final int port;

  private EmbeddedPostgresService(Optional<EmbeddedPostgres> server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the server on a data folder, or attaches to the one already running there, and makes
   * sure the source and publish databases exist.
   *
   * @param folder the folder for the server's files ({@code <data-dir>/postgres})
   * @param port the port on 127.0.0.1; 0 picks a free one
   */
  public static EmbeddedPostgresService start(Path folder, int port) {
    long started = System.nanoTime();
    Path dataFolder = folder.resolve("data");
    Optional<Integer> runningPort = runningServerPort(dataFolder);
    EmbeddedPostgresService service;
    if (runningPort.isPresent()) {
      service = new EmbeddedPostgresService(Optional.empty(), runningPort.get());
      LOG.info("event=postgres.attached port={}", runningPort.get());
    } else {
      service = new EmbeddedPostgresService(Optional.of(launch(folder, dataFolder, port)), -1);
    }
    service.createDatabases();
    LOG.info(
        "event=postgres.ready port={} ms={}",
        service.port(),
        (System.nanoTime() - started) / 1_000_000);
    return service;
  }

  private static EmbeddedPostgres launch(Path folder, Path dataFolder, int port) {
    try {
      Path work = folder.resolve("work");
      Files.createDirectories(work);
      Files.createDirectories(dataFolder.getParent());
      if (port != 0 && portInUse(port)) {
        throw Errors.portInUse("PostgreSQL", port, "embedded.postgres-port");
      }
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataFolder)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(work.toFile())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "100")
              .setServerConfig("fsync", "on");
      if (port != 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException | IllegalStateException e) {
      throw Errors.embeddedPostgresFailed(folder, e);
    }
  }

  /** The port the server listens on at 127.0.0.1. */
  public int port() {
    return server.map(EmbeddedPostgres::getPort).orElse(port);
  }

  /** The JDBC URL of one of the server's databases. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** The {@code psql} command that connects to one of the server's databases. */
  public String psqlCommand(String database) {
    return "psql -h 127.0.0.1 -p " + port() + " -U " + USER + " " + database;
  }

  /** Whether this process started the server (rather than attaching to a running one). */
  public boolean owned() {
    return server.isPresent();
  }

  /** Opens a connection to one of the server's databases. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  private void createDatabases() {
    for (String database : List.of(SOURCE_DATABASE, PUBLISH_DATABASE)) {
      database(database);
    }
  }

  /**
   * A database on this server, created when it does not exist yet.
   *
   * @param name a plain lower-case name
   */
  public JdbcEndpoint database(String name) {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet exists =
            statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
      if (!exists.next()) {
        statement.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw Errors.embeddedDatabaseNotCreated(name, e);
    }
    return new JdbcEndpoint(jdbcUrl(name), USER, Optional.empty());
  }

  /** Stops the server if this process started it; an attached server keeps running. */
  @Override
  public void close() {
    if (server.isPresent()) {
      try {
        server.get().close();
        LOG.info("event=postgres.stopped");
      } catch (IOException e) {
        throw Errors.embeddedPostgresNotStopped(e);
      }
    }
  }

  /**
   * The port of a server that is running on this data folder, read from its {@code postmaster.pid}
   * (line 4) and confirmed by connecting; empty when none runs.
   */
  private static Optional<Integer> runningServerPort(Path dataFolder) {
    Path pidFile = dataFolder.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).strip());
      int port = Integer.parseInt(lines.get(3).strip());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive && portInUse(port) ? Optional.of(port) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean portInUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
