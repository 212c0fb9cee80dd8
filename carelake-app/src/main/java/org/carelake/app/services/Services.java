package org.carelake.app.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.config.JdbcSettings;

/**
 * The services a command needs, each one external when configured and embedded otherwise.
 *
 * <p>This is the one small interface between carelake and its infrastructure: a command asks for
 * the roles it needs, and gets endpoints. The embedded PostgreSQL holds both the source EHR
 * (database {@code ehr}) and the publish target (database {@code carelake_publish}); it is started
 * at most once, and only when a role that needs it is not configured externally.
 */
public final class Services implements AutoCloseable {
  /** A role a command can ask for. */
  public enum Role {
    /** The source EHR database. */
    SOURCE,
    /** The database gold is published to. */
    PUBLISH,
    /** The Kafka broker (or Event Hubs) that carries clinical events. */
    KAFKA
  }

  private final CarelakeConfig config;
  private final Optional<EmbeddedPostgresService> postgres;
  private final Optional<EmbeddedKafka> kafka;

  private Services(
      CarelakeConfig config,
      Optional<EmbeddedPostgresService> postgres,
      Optional<EmbeddedKafka> kafka) {
    this.config = config;
    this.postgres = postgres;
    this.kafka = kafka;
  }

  /**
   * Starts what the given roles need.
   *
   * @param config the validated configuration
   * @param roles the roles the command uses
   */
  public static Services start(CarelakeConfig config, Set<Role> roles) {
    boolean needsPostgres =
        (roles.contains(Role.SOURCE) && config.source().embedded())
            || (roles.contains(Role.PUBLISH) && config.publish().embedded());
    Optional<EmbeddedPostgresService> postgres =
        needsPostgres
            ? Optional.of(
                EmbeddedPostgresService.start(
                    postgresFolder(config.dataDir()), config.embedded().postgresPort()))
            : Optional.empty();
    Optional<EmbeddedKafka> kafka = Optional.empty();
    if (roles.contains(Role.KAFKA) && config.kafka().embedded()) {
      try {
        kafka =
            Optional.of(
                EmbeddedKafka.start(
                    config.dataDir().resolve("kafka"), config.embedded().kafkaPort()));
      } catch (RuntimeException e) {
        postgres.ifPresent(EmbeddedPostgresService::close);
        throw e;
      }
    }
    return new Services(config, postgres, kafka);
  }

  /** Starts every role. */
  public static Services startAll(CarelakeConfig config) {
    return start(config, EnumSet.allOf(Role.class));
  }

  /** The folder of the embedded PostgreSQL's files. */
  public static Path postgresFolder(Path dataDir) {
    return dataDir.resolve("postgres");
  }

  /** The source EHR database. */
  public JdbcEndpoint source() {
    return endpoint(config.source(), EmbeddedPostgresService.SOURCE_DATABASE, "source");
  }

  /** The publish target database. */
  public JdbcEndpoint publish() {
    return endpoint(config.publish(), EmbeddedPostgresService.PUBLISH_DATABASE, "publish");
  }

  /** The Kafka bootstrap servers: the configured ones, or the embedded broker's. */
  public String kafkaBootstrapServers() {
    return config
        .kafka()
        .bootstrapServers()
        .orElseGet(
            () ->
                kafka
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "The kafka role was not requested when the services were started"))
                    .bootstrapServers());
  }

  /** The embedded PostgreSQL, when one runs for this command. */
  public Optional<EmbeddedPostgresService> embeddedPostgres() {
    return postgres;
  }

  /** One line per service in use: what it is and how to connect to it. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    postgres.ifPresent(
        server -> {
          lines.add(
              "PostgreSQL (embedded"
                  + (server.owned() ? "" : ", attached to a running one")
                  + ") on 127.0.0.1:"
                  + server.port()
                  + ", user "
                  + EmbeddedPostgresService.USER
                  + ", no password");
        });
    kafka.ifPresent(
        broker ->
            lines.add("Kafka (embedded, KRaft) at " + broker.bootstrapServers() + ", PLAINTEXT"));
    return lines;
  }

  private JdbcEndpoint endpoint(JdbcSettings settings, String database, String role) {
    if (!settings.embedded()) {
      return new JdbcEndpoint(settings.url().orElseThrow(), settings.user(), settings.password());
    }
    EmbeddedPostgresService server =
        postgres.orElseThrow(
            () ->
                new IllegalStateException(
                    "The " + role + " role was not requested when the services were started"));
    return new JdbcEndpoint(
        server.jdbcUrl(database), EmbeddedPostgresService.USER, Optional.empty());
  }

  /** Stops what this process started; external services and attached servers are left alone. */
  @Override
  public void close() {
    kafka.ifPresent(EmbeddedKafka::close);
    postgres.ifPresent(EmbeddedPostgresService::close);
  }
}
