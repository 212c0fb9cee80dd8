package org.carelake.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every configuration key carelake reads, declared once.
 *
 * <p>An empty value for a service's address ({@code source.jdbc-url}, {@code publish.jdbc-url},
 * {@code kafka.bootstrap-servers}) means "start the embedded one". The README's configuration table
 * lists these keys; a test keeps the two in step.
 */
public final class ConfigKeys {
  private static final Set<String> LAKE_SCHEMES =
      Set.of("file", "abfss", "abfs", "s3a", "hdfs", "gs", "wasbs", "dbfs");
  private static final Set<String> SECURITY_PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final Pattern SPARK_MASTER =
      Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?|(spark|k8s|mesos)://.+|yarn");

  /** Where embedded services and the default lake keep their files. */
  public static final ConfigKey<Path> DATA_DIR =
      ConfigKey.of(
          "data-dir",
          "Folder for the embedded services' files, logs and (by default) the lake.",
          "./carelake-data",
          ConfigKeys::path,
          "a folder path");

  /** The lake's root. */
  public static final ConfigKey<URI> LAKE_URI =
      ConfigKey.of(
          "lake.uri",
          "Root of the lake (raw zone, bronze, silver, gold, run history) on any Hadoop file"
              + " system: file:, abfss://, s3a://. Empty means <data-dir>/lake.",
          "",
          ConfigKeys::lakeUri,
          "a URI with scheme file, abfss, abfs, s3a, hdfs or gs, or empty");

  /** The source EHR database. */
  public static final ConfigKey<String> SOURCE_JDBC_URL =
      ConfigKey.of(
          "source.jdbc-url",
          "JDBC URL of the source EHR (PostgreSQL). Empty starts the embedded PostgreSQL.",
          "",
          text -> jdbcUrl(text, List.of("jdbc:postgresql:")),
          "a jdbc:postgresql:// URL, or empty");

  /** The source user. */
  public static final ConfigKey<String> SOURCE_USER =
      ConfigKey.of(
          "source.user", "User for the source database.", "postgres", ConfigKeys::text, "a name");

  /** The source password. */
  public static final ConfigKey<String> SOURCE_PASSWORD =
      ConfigKey.of(
              "source.password",
              "Password for the source database (secret: environment or file only).",
              null,
              ConfigKeys::any,
              "any text")
          .secret();

  /** How many key ranges a large source table is read in, in parallel. */
  public static final ConfigKey<Integer> SOURCE_EXTRACT_PARTITIONS =
      ConfigKey.of(
          "source.extract-partitions",
          "How many primary-key ranges a large source table is read in, in parallel (one"
              + " connection and one raw file each).",
          "2",
          text -> wholeNumber(text, 1, 64),
          "a whole number from 1 to 64");

  /** From how many rows a table is read in parallel ranges. */
  public static final ConfigKey<Long> SOURCE_PARTITION_MIN_ROWS =
      ConfigKey.of(
          "source.partition-min-rows",
          "Estimated rows (PostgreSQL's statistics) from which a table is read in parallel"
              + " ranges.",
          "500000",
          text -> (long) wholeNumber(text, 0, Integer.MAX_VALUE),
          "a whole number of rows");

  /** The time zone of the source's times that carry none. */
  public static final ConfigKey<ZoneId> SOURCE_TIME_ZONE =
      ConfigKey.of(
          "source.time-zone",
          "Time zone of the source's times without a zone (local wall-clock times such as"
              + " admit_time); silver stores them in UTC.",
          "UTC",
          ConfigKeys::zone,
          "a time zone id such as UTC, America/New_York or +01:00");

  /** The publish target database. */
  public static final ConfigKey<String> PUBLISH_JDBC_URL =
      ConfigKey.of(
          "publish.jdbc-url",
          "JDBC URL the gold tables are published to (PostgreSQL, SQL Server, Azure SQL). Empty"
              + " uses the database carelake_publish on the embedded PostgreSQL.",
          "",
          text -> jdbcUrl(text, List.of("jdbc:postgresql:", "jdbc:sqlserver:")),
          "a jdbc:postgresql:// or jdbc:sqlserver:// URL, or empty");

  /** The publish user. */
  public static final ConfigKey<String> PUBLISH_USER =
      ConfigKey.of(
          "publish.user", "User for the publish database.", "postgres", ConfigKeys::text, "a name");

  /** The publish password. */
  public static final ConfigKey<String> PUBLISH_PASSWORD =
      ConfigKey.of(
              "publish.password",
              "Password for the publish database (secret: environment or file only).",
              null,
              ConfigKeys::any,
              "any text")
          .secret();

  /** The schema gold tables are published into. */
  public static final ConfigKey<String> PUBLISH_SCHEMA =
      ConfigKey.of(
          "publish.schema",
          "Schema in the publish database that receives the gold tables.",
          "gold",
          ConfigKeys::identifier,
          "a SQL identifier of letters, digits and underscores");

  /** From how many rows a published table is merged by key rather than replaced. */
  public static final ConfigKey<Long> PUBLISH_MERGE_THRESHOLD_ROWS =
      ConfigKey.of(
          "publish.merge-threshold-rows",
          "A published gold table of more rows than this is updated by a merge on its key (only"
              + " the rows that differ are written or deleted) instead of having all its rows"
              + " replaced; 0 always merges.",
          "100000",
          text -> (long) wholeNumber(text, 0, Integer.MAX_VALUE),
          "a whole number of rows");

  /** Kafka bootstrap servers. */
  public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigKey.of(
          "kafka.bootstrap-servers",
          "Kafka bootstrap servers (host:port,...). For Azure Event Hubs:"
              + " <namespace>.servicebus.windows.net:9093. Empty starts the embedded broker.",
          "",
          ConfigKeys::hostPorts,
          "host:port pairs separated by commas, or empty");

  /** Kafka security protocol. */
  public static final ConfigKey<String> KAFKA_SECURITY_PROTOCOL =
      ConfigKey.of(
          "kafka.security-protocol",
          "Kafka security protocol; Event Hubs needs SASL_SSL.",
          "PLAINTEXT",
          text -> oneOf(text.toUpperCase(Locale.ROOT), SECURITY_PROTOCOLS),
          "one of " + String.join(", ", sorted(SECURITY_PROTOCOLS)));

  /** Kafka SASL mechanism. */
  public static final ConfigKey<String> KAFKA_SASL_MECHANISM =
      ConfigKey.of(
          "kafka.sasl-mechanism",
          "Kafka SASL mechanism; Event Hubs uses PLAIN.",
          "PLAIN",
          ConfigKeys::text,
          "a SASL mechanism name such as PLAIN or SCRAM-SHA-512");

  /** Kafka SASL JAAS configuration. */
  public static final ConfigKey<String> KAFKA_SASL_JAAS_CONFIG =
      ConfigKey.of(
              "kafka.sasl-jaas-config",
              "Kafka SASL JAAS line (secret). For Event Hubs: PlainLoginModule with username"
                  + " \"$ConnectionString\" and the namespace connection string as password.",
              null,
              ConfigKeys::any,
              "a JAAS configuration line")
          .secret();

  /**
   * An Azure Event Hubs namespace connection string: sets the bootstrap servers, SASL_SSL, PLAIN
   * and the JAAS line from it.
   */
  public static final ConfigKey<String> KAFKA_EVENT_HUBS_CONNECTION_STRING =
      ConfigKey.of(
              "kafka.event-hubs-connection-string",
              "Azure Event Hubs namespace connection string (secret): when set, the bootstrap"
                  + " server is <namespace>.servicebus.windows.net:9093 (unless"
                  + " kafka.bootstrap-servers is set), the protocol SASL_SSL, the mechanism PLAIN"
                  + " and the JAAS line is built from it.",
              "",
              ConfigKeys::eventHubsConnectionString,
              "Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=...;"
                  + "SharedAccessKey=..., or empty")
          .secret();

  /** The topic of ADT (admission, discharge, transfer) messages. */
  public static final ConfigKey<String> EVENTS_TOPIC_ADT =
      ConfigKey.of(
          "events.topic-adt",
          "Kafka topic (Event Hubs: event hub) of HL7v2 ADT messages.",
          "hl7-adt",
          ConfigKeys::topic,
          "a topic name of letters, digits, '.', '_' and '-'");

  /** The topic of SIU (scheduling) messages. */
  public static final ConfigKey<String> EVENTS_TOPIC_SIU =
      ConfigKey.of(
          "events.topic-siu",
          "Kafka topic of HL7v2 SIU (scheduling) messages.",
          "hl7-siu",
          ConfigKeys::topic,
          "a topic name of letters, digits, '.', '_' and '-'");

  /** The topic of ORU (observation result) messages. */
  public static final ConfigKey<String> EVENTS_TOPIC_ORU =
      ConfigKey.of(
          "events.topic-oru",
          "Kafka topic of HL7v2 ORU (observation result) messages.",
          "hl7-oru",
          ConfigKeys::topic,
          "a topic name of letters, digits, '.', '_' and '-'");

  /** The dead-letter topic. */
  public static final ConfigKey<String> EVENTS_TOPIC_DEAD_LETTER =
      ConfigKey.of(
          "events.topic-dead-letter",
          "Kafka topic that receives each message the stream could not parse or map, with its"
              + " reason in the record's headers.",
          "hl7-dead-letter",
          ConfigKeys::topic,
          "a topic name of letters, digits, '.', '_' and '-'");

  /** Partitions of a topic carelake creates. */
  public static final ConfigKey<Integer> EVENTS_PARTITIONS =
      ConfigKey.of(
          "events.partitions",
          "Partitions of each event topic carelake creates when it is missing (messages are keyed"
              + " by patient, so one patient's events stay in order).",
          "3",
          text -> wholeNumber(text, 1, 1_024),
          "a whole number from 1 to 1024");

  /** Retention of a topic carelake creates. */
  public static final ConfigKey<Duration> EVENTS_RETENTION =
      ConfigKey.of(
          "events.retention",
          "Retention of each event topic carelake creates (retention.ms).",
          "7d",
          text -> Durations.parseWithin(text, Duration.ofMinutes(1), Duration.ofDays(3_650)),
          "a duration from 1m to 3650d, such as 12h or 7d");

  /** How long a producer may take to store a message durably. */
  public static final ConfigKey<Duration> EVENTS_SEND_TIMEOUT =
      ConfigKey.of(
          "events.send-timeout",
          "How long the listener waits for Kafka to store a message (acks=all) before it answers"
              + " the sender with an error instead of an acknowledgement.",
          "30s",
          text -> Durations.parseWithin(text, Duration.ofSeconds(1), Duration.ofHours(1)),
          "a duration from 1s to 1h");

  /** The listener's address. */
  public static final ConfigKey<String> LISTEN_ADDRESS =
      ConfigKey.of(
          "listen.address",
          "Address the MLLP listener binds to; 0.0.0.0 for every interface.",
          "127.0.0.1",
          ConfigKeys::text,
          "an IP address or host name");

  /** The listener's port. */
  public static final ConfigKey<Integer> LISTEN_PORT =
      ConfigKey.of(
          "listen.port",
          "TCP port of the MLLP listener (carelake listen); 0 picks a free one.",
          "2575",
          text -> wholeNumber(text, 0, 65_535),
          "a port number from 0 to 65535");

  /** How many senders the listener serves at once. */
  public static final ConfigKey<Integer> LISTEN_MAX_CONNECTIONS =
      ConfigKey.of(
          "listen.max-connections",
          "Connections the MLLP listener serves at once; a further one waits for a free slot.",
          "32",
          text -> wholeNumber(text, 1, 10_000),
          "a whole number from 1 to 10000");

  /** The streaming trigger interval. */
  public static final ConfigKey<Duration> STREAM_TRIGGER_INTERVAL =
      ConfigKey.of(
          "stream.trigger-interval",
          "How often carelake stream starts a micro-batch of the messages that arrived (Spark's"
              + " processing-time trigger).",
          "1s",
          text -> Durations.parseWithin(text, Duration.ofMillis(100), Duration.ofHours(1)),
          "a duration from 100ms to 1h");

  /** The most messages a micro-batch reads. */
  public static final ConfigKey<Long> STREAM_MAX_MESSAGES_PER_BATCH =
      ConfigKey.of(
          "stream.max-messages-per-batch",
          "The most Kafka messages one micro-batch reads (Spark's maxOffsetsPerTrigger), so a"
              + " backlog is caught up in bounded batches.",
          "20000",
          text -> (long) wholeNumber(text, 1, Integer.MAX_VALUE),
          "a whole number of messages");

  /** The Spark master. */
  public static final ConfigKey<String> SPARK_MASTER_KEY =
      ConfigKey.of(
          "spark.master",
          "Spark master: local[*] in process, or spark://, k8s://, yarn. Ignored under"
              + " spark-submit and Databricks, which set their own.",
          "local[*]",
          ConfigKeys::sparkMaster,
          "local[*], local[N], spark://host:port, k8s://..., or yarn");

  /** Spark shuffle partitions. */
  public static final ConfigKey<Integer> SPARK_SHUFFLE_PARTITIONS =
      ConfigKey.of(
          "spark.shuffle-partitions",
          "spark.sql.shuffle.partitions; keep it small on small machines and data.",
          "4",
          text -> wholeNumber(text, 1, 100_000),
          "a whole number from 1 to 100000");

  /** Embedded PostgreSQL port. */
  public static final ConfigKey<Integer> EMBEDDED_POSTGRES_PORT =
      ConfigKey.of(
          "embedded.postgres-port",
          "Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one.",
          "15432",
          text -> wholeNumber(text, 0, 65_535),
          "a port number from 0 to 65535");

  /** Embedded Kafka port. */
  public static final ConfigKey<Integer> EMBEDDED_KAFKA_PORT =
      ConfigKey.of(
          "embedded.kafka-port",
          "Port of the embedded Kafka broker on 127.0.0.1; 0 picks a free one.",
          "19092",
          text -> wholeNumber(text, 0, 65_535),
          "a port number from 0 to 65535");

  /** How many times a step retries a transient failure. */
  public static final ConfigKey<Integer> RUN_RETRY_ATTEMPTS =
      ConfigKey.of(
          "run.retry-attempts",
          "Attempts a step makes when the source or publish database is unreachable or drops the"
              + " connection, before the run fails.",
          "4",
          text -> wholeNumber(text, 1, 100),
          "a whole number from 1 to 100");

  /** The first wait between retries; it doubles at each attempt. */
  public static final ConfigKey<Duration> RUN_RETRY_BACKOFF =
      ConfigKey.of(
          "run.retry-backoff",
          "Wait before the first retry; it doubles at each further attempt.",
          "2s",
          text -> Durations.parseWithin(text, Duration.ofMillis(1), Duration.ofHours(1)),
          "a duration from 1ms to 1h, such as 500ms, 2s, 1m");

  /** How many tables a run extracts, or appends to bronze, at once. */
  public static final ConfigKey<Integer> RUN_TABLE_PARALLELISM =
      ConfigKey.of(
          "run.table-parallelism",
          "How many tables a run extracts at once, and then appends to bronze at once; most of a"
              + " small table's time is fixed cost (connections, Delta log reads, job start), which"
              + " overlaps between tables. 1 runs them one after another.",
          "4",
          text -> wholeNumber(text, 1, 32),
          "a whole number from 1 to 32");

  /** How old the lock's heartbeat may be before another process takes the lock over. */
  public static final ConfigKey<Duration> RUN_LOCK_TIMEOUT =
      ConfigKey.of(
          "run.lock-timeout",
          "A run's lock on the lake counts as abandoned when its heartbeat is this old (a holder"
              + " on the same host that has died frees it at once).",
          "2m",
          text -> Durations.parseWithin(text, Duration.ofSeconds(1), Duration.ofDays(1)),
          "a duration from 1s to 1d, such as 30s, 2m, 1h");

  /** How long raw extracts stay in the raw zone. */
  public static final ConfigKey<String> RAW_RETENTION =
      ConfigKey.of(
          "raw.retention",
          "How long a run's raw extracts stay in the raw zone before raw.retention-action applies"
              + " to them (checked after each successful run); empty keeps them forever.",
          "",
          text -> {
            if (!text.isBlank()) {
              Durations.parseWithin(text, Duration.ofMinutes(1), Duration.ofDays(36_500));
            }
            return text.strip();
          },
          "a duration from 1m to 36500d, such as 30d or 12h, or empty");

  /** What happens to raw extracts past their retention. */
  public static final ConfigKey<String> RAW_RETENTION_ACTION =
      ConfigKey.of(
          "raw.retention-action",
          "archive moves old extracts to <lake>/archive/raw/ (replay no longer sees them); delete"
              + " removes them.",
          "archive",
          text -> oneOf(text.strip().toLowerCase(Locale.ROOT), Set.of("archive", "delete")),
          "archive or delete");

  /** Whether runs keep the FHIR layer. */
  public static final ConfigKey<Boolean> FHIR_ENABLED =
      ConfigKey.of(
          "fhir.enabled",
          "Whether each run keeps the FHIR R4 layer (fhir/resources) in step with silver; turn it"
              + " off when nothing reads FHIR, to save its time.",
          "true",
          text -> {
            String value = text.strip().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
              throw new IllegalArgumentException("'" + text + "' is not true or false");
            }
            return Boolean.valueOf(value);
          },
          "true or false");

  /** The fraction of FHIR resources a pipeline run validates. */
  public static final ConfigKey<Double> FHIR_VALIDATION_SAMPLE =
      ConfigKey.of(
          "fhir.validation-sample",
          "Fraction of the FHIR resources written in a run that the HAPI validator checks (about"
              + " 1,000 resources/s on one core): 1 checks all, 0 none. The sample is chosen by"
              + " resource id, so the same resources are checked in every run.",
          "1.0",
          text -> fraction(text),
          "a number from 0 to 1, such as 0.1");

  /** The ICD-10-CM release silver classifies diagnoses against. */
  public static final ConfigKey<String> TERMINOLOGY_ICD10CM_RELEASE =
      ConfigKey.of(
          "terminology.icd10cm-release",
          "ICD-10-CM release silver classifies diagnoses against, as loaded by 'carelake"
              + " terminology load' (such as FY2021). Empty uses the newest loaded release, or the"
              + " bundled starter set when none is loaded.",
          "",
          ConfigKeys::releaseName,
          "FY and a four-digit year, such as FY2021, or empty");

  /** How long a silver row waits for a parent that has not arrived. */
  public static final ConfigKey<Duration> SILVER_REFERENCE_GRACE_PERIOD =
      ConfigKey.of(
          "silver.reference-grace-period",
          "How long a row whose parent has not arrived (an encounter's patient, a result's"
              + " encounter) waits, evaluated again by each run, before it goes to quarantine; 0s"
              + " quarantines it at once.",
          "1d",
          text -> Durations.parseWithin(text, Duration.ZERO, Duration.ofDays(365)),
          "a duration from 0s to 365d, such as 0s, 12h, 1d");

  /** Where the secret of gold's keyed pseudonyms is read from, instead of the lake. */
  public static final ConfigKey<String> GOLD_PSEUDONYM_SECRET_FILE =
      ConfigKey.of(
          "gold.pseudonym-secret-file",
          "File holding the secret of gold's pseudonymous patient keys (HMAC-SHA-256), at least 32"
              + " characters; a local path or a URI of the lake's file systems. Empty keeps it in"
              + " the lake at _carelake/pseudonym-secret, created with a secure random on first"
              + " use. Another secret changes every key.",
          "",
          ConfigKeys::any,
          "a file path or URI, or empty");

  /** Who the audit trail records as doing what this process does. */
  public static final ConfigKey<String> AUDIT_PRINCIPAL =
      ConfigKey.of(
          "audit.principal",
          "Who the audit trail records as the principal of this process's actions (a service"
              + " account, a person's user name); never patient data. Empty records the operating"
              + " system user.",
          "",
          ConfigKeys::any,
          "a name, or empty");

  /** All keys, in the order the README lists them. */
  public static final List<ConfigKey<?>> ALL =
      List.of(
          DATA_DIR,
          LAKE_URI,
          SOURCE_JDBC_URL,
          SOURCE_USER,
          SOURCE_PASSWORD,
          SOURCE_EXTRACT_PARTITIONS,
          SOURCE_PARTITION_MIN_ROWS,
          SOURCE_TIME_ZONE,
          PUBLISH_JDBC_URL,
          PUBLISH_USER,
          PUBLISH_PASSWORD,
          PUBLISH_SCHEMA,
          PUBLISH_MERGE_THRESHOLD_ROWS,
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA_SECURITY_PROTOCOL,
          KAFKA_SASL_MECHANISM,
          KAFKA_SASL_JAAS_CONFIG,
          KAFKA_EVENT_HUBS_CONNECTION_STRING,
          EVENTS_TOPIC_ADT,
          EVENTS_TOPIC_SIU,
          EVENTS_TOPIC_ORU,
          EVENTS_TOPIC_DEAD_LETTER,
          EVENTS_PARTITIONS,
          EVENTS_RETENTION,
          EVENTS_SEND_TIMEOUT,
          LISTEN_ADDRESS,
          LISTEN_PORT,
          LISTEN_MAX_CONNECTIONS,
          STREAM_TRIGGER_INTERVAL,
          STREAM_MAX_MESSAGES_PER_BATCH,
          SPARK_MASTER_KEY,
          SPARK_SHUFFLE_PARTITIONS,
          EMBEDDED_POSTGRES_PORT,
          EMBEDDED_KAFKA_PORT,
          RUN_RETRY_ATTEMPTS,
          RUN_RETRY_BACKOFF,
          RUN_TABLE_PARALLELISM,
          RUN_LOCK_TIMEOUT,
          RAW_RETENTION,
          RAW_RETENTION_ACTION,
          FHIR_ENABLED,
          FHIR_VALIDATION_SAMPLE,
          TERMINOLOGY_ICD10CM_RELEASE,
          SILVER_REFERENCE_GRACE_PERIOD,
          GOLD_PSEUDONYM_SECRET_FILE,
          AUDIT_PRINCIPAL);

  private ConfigKeys() {}

  private static String any(String text) {
    return text;
  }

  private static String text(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("it is empty");
    }
    return text.strip();
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time zone id", e);
    }
  }

  private static Path path(String text) {
    return Path.of(text(text));
  }

  private static String releaseName(String text) {
    String value = text.strip();
    if (!value.isEmpty() && !value.matches("FY\\d{4}")) {
      throw new IllegalArgumentException("'" + value + "' is not FY and a four-digit year");
    }
    return value;
  }

  private static String identifier(String text) {
    if (!text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("'" + text + "' is not a plain SQL identifier");
    }
    return text;
  }

  private static int wholeNumber(String text, int min, int max) {
    final int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(value + " is outside " + min + " to " + max);
    }
    return value;
  }

  private static double fraction(String text) {
    final double value;
    try {
      value = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number", e);
    }
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(text.strip() + " is outside 0 to 1");
    }
    return value;
  }

  private static String oneOf(String text, Set<String> allowed) {
    if (!allowed.contains(text)) {
      throw new IllegalArgumentException("'" + text + "' is not one of the known values");
    }
    return text;
  }

  private static String jdbcUrl(String text, List<String> prefixes) {
    String value = text.strip();
    if (value.isEmpty() || prefixes.stream().anyMatch(value::startsWith)) {
      return value;
    }
    throw new IllegalArgumentException(
        "'" + JdbcUrls.redact(value) + "' does not start with " + String.join(" or ", prefixes));
  }

  private static String topic(String text) {
    String value = text.strip();
    if (!value.matches("[A-Za-z0-9._\\-]{1,249}")) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a Kafka topic name (1 to 249 letters, digits, '.', '_', '-')");
    }
    return value;
  }

  private static String eventHubsConnectionString(String text) {
    String value = text.strip();
    if (!value.isEmpty()) {
      EventHubs.namespaceHost(value);
    }
    return value;
  }

  private static String hostPorts(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      return value;
    }
    for (String hostPort : value.split(",")) {
      if (!hostPort.strip().matches("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}")) {
        throw new IllegalArgumentException("'" + hostPort.strip() + "' is not host:port");
      }
    }
    return value;
  }

  private static URI lakeUri(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + value + "' is not a URI: " + e.getReason(), e);
    }
    if (uri.getScheme() == null) {
      return Path.of(value).toAbsolutePath().normalize().toUri();
    }
    if (!LAKE_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("the scheme '" + uri.getScheme() + "' is not supported");
    }
    return uri;
  }

  private static String sparkMaster(String text) {
    String value = text.strip();
    if (!SPARK_MASTER.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a Spark master URL");
    }
    return value;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
