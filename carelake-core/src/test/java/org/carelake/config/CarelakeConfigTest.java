package org.carelake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.carelake.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarelakeConfigTest {
  @TempDir Path folder;

  @Test
  void defaultsStartEveryServiceEmbedded() {
    CarelakeConfig config = CarelakeConfig.fromEnvironment(Map.of());

    assertThat(config.source().embedded()).isTrue();
    assertThat(config.publish().embedded()).isTrue();
    assertThat(config.kafka().embedded()).isTrue();
    assertThat(config.spark().master()).isEqualTo("local[*]");
    assertThat(config.lakeUri())
        .isEqualTo(Path.of("carelake-data").toAbsolutePath().resolve("lake").toUri());
  }

  @Test
  void environmentOverridesTheFileAndTheCommandLineOverridesBoth() throws Exception {
    Path file = folder.resolve("carelake.properties");
    Files.writeString(
        file, "spark.shuffle-partitions=6\nspark.master=local[2]\npublish.schema=marts\n");

    CarelakeConfig config =
        CarelakeConfig.load(
            Optional.of(file),
            Map.of("CARELAKE_SPARK_SHUFFLE_PARTITIONS", "8", "CARELAKE_PUBLISH_SCHEMA", "env"),
            Map.of("publish.schema", "cli"));

    assertThat(config.spark().master()).isEqualTo("local[2]");
    assertThat(config.origin(ConfigKeys.SPARK_MASTER_KEY)).isEqualTo(CarelakeConfig.Origin.FILE);
    assertThat(config.spark().shufflePartitions()).isEqualTo(8);
    assertThat(config.origin(ConfigKeys.SPARK_SHUFFLE_PARTITIONS))
        .isEqualTo(CarelakeConfig.Origin.ENVIRONMENT);
    assertThat(config.publishSchema()).isEqualTo("cli");
  }

  @Test
  void dataDirFromTheEnvironmentMovesTheDefaultLake() {
    CarelakeConfig config =
        CarelakeConfig.fromEnvironment(Map.of("CARELAKE_DATA_DIR", folder.toString()));

    assertThat(config.dataDir()).isEqualTo(folder.toAbsolutePath());
    assertThat(config.lakeUri()).isEqualTo(folder.resolve("lake").toUri());
  }

  @Test
  void aRemoteLakeUriIsKeptAsGiven() {
    CarelakeConfig config =
        CarelakeConfig.fromEnvironment(
            Map.of("CARELAKE_LAKE_URI", "abfss://lake@account.dfs.core.windows.net/carelake"));

    assertThat(config.lakeUri())
        .isEqualTo(URI.create("abfss://lake@account.dfs.core.windows.net/carelake"));
  }

  @Test
  void theSourceTimeZoneDefaultsToUtcAndAnUnknownZoneIsRejectedWithItsKey() {
    assertThat(CarelakeConfig.fromEnvironment(Map.of()).get(ConfigKeys.SOURCE_TIME_ZONE))
        .isEqualTo(java.time.ZoneId.of("UTC"));
    assertThat(
            CarelakeConfig.fromEnvironment(Map.of("CARELAKE_SOURCE_TIME_ZONE", "America/New_York"))
                .get(ConfigKeys.SOURCE_TIME_ZONE))
        .isEqualTo(java.time.ZoneId.of("America/New_York"));
    assertThatThrownBy(
            () -> CarelakeConfig.fromEnvironment(Map.of("CARELAKE_SOURCE_TIME_ZONE", "Mars/Base")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'source.time-zone'")
        .hasMessageContaining("'Mars/Base' is not a time zone id")
        .hasMessageContaining("a time zone id such as UTC, America/New_York or +01:00");
  }

  @Test
  void aBadValueNamesTheKeyItsOriginTheProblemAndTheFix() {
    assertThatThrownBy(
            () ->
                CarelakeConfig.fromEnvironment(Map.of("CARELAKE_SPARK_SHUFFLE_PARTITIONS", "many")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'spark.shuffle-partitions'")
        .hasMessageContaining("environment variable CARELAKE_SPARK_SHUFFLE_PARTITIONS")
        .hasMessageContaining("'many' is not a whole number")
        .hasMessageContaining("set it to a whole number from 1 to 100000");
  }

  @Test
  void aDurationKeyRejectsZeroNegativeAndHugeValuesWithTheKeyTheValueAndTheRange() {
    assertThatThrownBy(
            () ->
                CarelakeConfig.fromEnvironment(
                    Map.of(
                        "CARELAKE_RUN_LOCK_TIMEOUT", "0s",
                        "CARELAKE_RUN_RETRY_BACKOFF", "PT-2M",
                        "CARELAKE_RAW_RETENTION", "999999999999999999d",
                        "CARELAKE_SILVER_REFERENCE_GRACE_PERIOD", "366d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("(4 problems)")
        .hasMessageContaining(
            "'run.lock-timeout' (environment variable CARELAKE_RUN_LOCK_TIMEOUT): '0s' is outside"
                + " 1s to 1d; set it to a duration from 1s to 1d")
        .hasMessageContaining(
            "'run.retry-backoff' (environment variable CARELAKE_RUN_RETRY_BACKOFF): 'PT-2M' is"
                + " outside 1ms to 1h; set it to a duration from 1ms to 1h")
        .hasMessageContaining(
            "'raw.retention' (environment variable CARELAKE_RAW_RETENTION):"
                + " '999999999999999999d' is too long a duration; set it to a duration from 1m to"
                + " 36500d")
        .hasMessageContaining(
            "'silver.reference-grace-period' (environment variable"
                + " CARELAKE_SILVER_REFERENCE_GRACE_PERIOD): '366d' is outside 0s to 365d");
  }

  @Test
  void everyDurationKeyAcceptsItsDefaultAndBothEndsOfItsRange() {
    Map<String, String> ends =
        Map.of(
            "CARELAKE_RUN_LOCK_TIMEOUT", "1d",
            "CARELAKE_RUN_RETRY_BACKOFF", "1ms",
            "CARELAKE_RAW_RETENTION", "36500d",
            "CARELAKE_SILVER_REFERENCE_GRACE_PERIOD", "0s");

    CarelakeConfig config = CarelakeConfig.fromEnvironment(ends);

    assertThat(config.get(ConfigKeys.RUN_LOCK_TIMEOUT)).isEqualTo(java.time.Duration.ofDays(1));
    assertThat(config.get(ConfigKeys.RUN_RETRY_BACKOFF)).isEqualTo(java.time.Duration.ofMillis(1));
    assertThat(config.get(ConfigKeys.SILVER_REFERENCE_GRACE_PERIOD)).isZero();
    assertThat(CarelakeConfig.fromEnvironment(Map.of()).get(ConfigKeys.RUN_LOCK_TIMEOUT))
        .isEqualTo(java.time.Duration.ofMinutes(2));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                CarelakeConfig.fromEnvironment(
                    Map.of(
                        "CARELAKE_SOURCE_JDBC_URL", "mysql://db/ehr",
                        "CARELAKE_LAKE_URI", "ftp://lake/",
                        "CARELAKE_EMBEDDED_POSTGRES_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("(3 problems)")
        .hasMessageContaining("'source.jdbc-url'")
        .hasMessageContaining("does not start with jdbc:postgresql:")
        .hasMessageContaining("'lake.uri'")
        .hasMessageContaining("the scheme 'ftp' is not supported")
        .hasMessageContaining("70000 is outside 0 to 65535");
  }

  @Test
  void anUnknownKeyInTheFileSuggestsTheClosestKnownKey() throws Exception {
    Path file = folder.resolve("carelake.properties");
    Files.writeString(file, "kafka.bootstrap-server=broker:9092\n");

    assertThatThrownBy(() -> CarelakeConfig.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.bootstrap-server' (configuration file)")
        .hasMessageContaining("did you mean 'kafka.bootstrap-servers'?");
  }

  @Test
  void aMissingConfigurationFileIsAnError() {
    Path missing = folder.resolve("nope.properties");

    assertThatThrownBy(() -> CarelakeConfig.load(Optional.of(missing), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("--config or CARELAKE_CONFIG");
  }

  @Test
  void secretsAreRefusedOnTheCommandLine() {
    assertThatThrownBy(
            () ->
                CarelakeConfig.load(
                    Optional.empty(), Map.of(), Map.of("source.password", "hunter2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'source.password' is a secret")
        .hasMessageContaining("CARELAKE_SOURCE_PASSWORD")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aPasswordWrittenInsideAJdbcUrlIsMaskedWhenDescribedAndInErrors() {
    CarelakeConfig config =
        CarelakeConfig.fromEnvironment(
            Map.of(
                "CARELAKE_SOURCE_JDBC_URL", "jdbc:postgresql://db/ehr?user=etl&password=hunter2"));

    assertThat(config.source().url())
        .contains("jdbc:postgresql://db/ehr?user=etl&password=hunter2");
    assertThat(config.describe())
        .anySatisfy(
            row ->
                assertThat(row[1])
                    .isEqualTo("jdbc:postgresql://db/ehr?user=etl&password=********"));
    assertThat(config.describe()).noneSatisfy(row -> assertThat(row[1]).contains("hunter2"));
    assertThatThrownBy(
            () ->
                CarelakeConfig.fromEnvironment(
                    Map.of("CARELAKE_SOURCE_JDBC_URL", "postgresql://db/ehr?password=hunter2")))
        .hasMessageContaining("CARELAKE_SOURCE_JDBC_URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void secretsAreMaskedWhenDescribed() {
    CarelakeConfig config =
        CarelakeConfig.fromEnvironment(Map.of("CARELAKE_PUBLISH_PASSWORD", "hunter2"));

    assertThat(config.publish().password()).contains("hunter2");
    assertThat(config.describe())
        .anySatisfy(
            row ->
                assertThat(row)
                    .containsExactly("publish.password", "********", "environment variable"));
    assertThat(config.describe()).noneSatisfy(row -> assertThat(row[1]).contains("hunter2"));
  }

  @Test
  void eventHubsNeedsSaslCredentials() {
    assertThatThrownBy(
            () ->
                CarelakeConfig.fromEnvironment(
                    Map.of(
                        "CARELAKE_KAFKA_BOOTSTRAP_SERVERS", "ns.servicebus.windows.net:9093",
                        "CARELAKE_KAFKA_SECURITY_PROTOCOL", "sasl_ssl")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.security-protocol' is SASL_SSL")
        .hasMessageContaining("CARELAKE_KAFKA_SASL_JAAS_CONFIG");
  }

  @Test
  void eventHubsSettingsBecomeKafkaClientProperties() {
    String jaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"$ConnectionString\" password=\"Endpoint=sb://ns/;...\";";
    CarelakeConfig config =
        CarelakeConfig.fromEnvironment(
            Map.of(
                "CARELAKE_KAFKA_BOOTSTRAP_SERVERS", "ns.servicebus.windows.net:9093",
                "CARELAKE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "CARELAKE_KAFKA_SASL_JAAS_CONFIG", jaas));

    assertThat(config.kafka().clientProperties("ns.servicebus.windows.net:9093"))
        .containsEntry("bootstrap.servers", "ns.servicebus.windows.net:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("sasl.jaas.config", jaas);
    assertThat(config.kafka().toString()).doesNotContain("ConnectionString");
  }

  @Test
  void anEventHubsConnectionStringAloneConfiguresTheClient() {
    String connectionString =
        "Endpoint=sb://Contoso-EHR.servicebus.windows.net/;SharedAccessKeyName=carelake;"
            + "SharedAccessKey=s3cr3tKeyValue=";
    CarelakeConfig config =
        CarelakeConfig.fromEnvironment(
            Map.of("CARELAKE_KAFKA_EVENT_HUBS_CONNECTION_STRING", connectionString));

    KafkaSettings kafka = config.kafka();
    assertThat(kafka.embedded()).isFalse();
    assertThat(kafka.clientProperties(kafka.bootstrapServers().orElseThrow()))
        .containsEntry("bootstrap.servers", "contoso-ehr.servicebus.windows.net:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"$ConnectionString\" password=\""
                + connectionString
                + "\";");
    assertThat(kafka.toString()).doesNotContain("s3cr3t");
    assertThat(config.describe()).noneSatisfy(row -> assertThat(row[1]).contains("s3cr3t"));
  }

  @Test
  void aMalformedConnectionStringIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                CarelakeConfig.fromEnvironment(
                    Map.of(
                        "CARELAKE_KAFKA_EVENT_HUBS_CONNECTION_STRING",
                        "SharedAccessKeyName=x;SharedAccessKey=s3cr3t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.event-hubs-connection-string")
        .hasMessageContaining("Endpoint=sb://")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(
            () ->
                CarelakeConfig.fromEnvironment(
                    Map.of(
                        "CARELAKE_KAFKA_EVENT_HUBS_CONNECTION_STRING",
                        "Endpoint=sb://ns.servicebus.windows.net/;EntityPath=s3cr3t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SharedAccessKey")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void eventTopicsListenerAndStreamSettings() {
    CarelakeConfig defaults = CarelakeConfig.fromEnvironment(Map.of());
    assertThat(defaults.events().allTopics())
        .containsExactly("hl7-adt", "hl7-siu", "hl7-oru", "hl7-dead-letter");
    assertThat(defaults.events().topicFor("adt")).contains("hl7-adt");
    assertThat(defaults.events().topicFor("ORU")).contains("hl7-oru");
    assertThat(defaults.events().topicFor("MDM")).isEmpty();
    assertThat(defaults.events().retention()).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(defaults.listen()).isEqualTo(new ListenSettings("127.0.0.1", 2575, 32));
    assertThat(defaults.stream().maxMessagesPerBatch()).isEqualTo(20_000L);

    CarelakeConfig custom =
        CarelakeConfig.fromEnvironment(
            Map.of("CARELAKE_EVENTS_TOPIC_ADT", "ehr.adt.v1", "CARELAKE_EVENTS_PARTITIONS", "12"));
    assertThat(custom.events().topicFor("ADT")).contains("ehr.adt.v1");
    assertThat(custom.events().partitions()).isEqualTo(12);
    assertThatThrownBy(
            () -> CarelakeConfig.fromEnvironment(Map.of("CARELAKE_EVENTS_TOPIC_SIU", "hl7 siu")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a Kafka topic name");
  }

  @Test
  void environmentVariableNamesFollowTheKeys() {
    assertThat(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.environmentVariable())
        .isEqualTo("CARELAKE_KAFKA_BOOTSTRAP_SERVERS");
    assertThat(ConfigKeys.DATA_DIR.environmentVariable()).isEqualTo("CARELAKE_DATA_DIR");
    assertThat(ConfigKeys.ALL)
        .extracting(ConfigKey::name)
        .allMatch(
            name -> name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)*"))
        .doesNotHaveDuplicates();
  }

  @Test
  void fhirValidationSampleIsAFractionFromZeroToOne() {
    assertThat(CarelakeConfig.fromEnvironment(Map.of()).fhir().validationSample()).isEqualTo(1.0);
    assertThat(
            CarelakeConfig.fromEnvironment(Map.of("CARELAKE_FHIR_VALIDATION_SAMPLE", "0.25"))
                .fhir()
                .validationSample())
        .isEqualTo(0.25);
    assertThatThrownBy(
            () ->
                CarelakeConfig.load(
                    Optional.empty(), Map.of(), Map.of("fhir.validation-sample", "1.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "The configuration is not valid (1 problem):\n"
                + "  - 'fhir.validation-sample' (command line): 1.5 is outside 0 to 1; set it to a"
                + " number from 0 to 1, such as 0.1.");
  }
}
