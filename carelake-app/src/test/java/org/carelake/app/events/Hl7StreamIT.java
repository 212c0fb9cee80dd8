package org.carelake.app.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.carelake.app.ChildCli;
import org.carelake.app.services.EmbeddedKafka;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.EventSettings;
import org.carelake.hl7.Hl7Header;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Hl7Stream;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * HL7v2 events from the embedded Kafka broker into bronze and silver with Spark Structured
 * Streaming: every message in bronze once (a resent one too), mapped into the silver tables of the
 * batch path, what does not parse in quarantine and on the dead-letter topic, and a stream started
 * again from its checkpoint adds only what arrived since.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Hl7StreamIT {
  @TempDir static Path data;

  private static EmbeddedKafka broker;
  private static CarelakeConfig config;
  private static EventSettings events;
  private static List<String> messages;

  /** An ORU^R01 of version 2.8 from a sender that is not our generator, with a bad OBX value. */
  private static final String ORU_BAD_VALUE =
      "MSH|^~\\&|LIS|NORTH LAB|EHR|NORTH|20240301101500||ORU^R01^ORU_R01|LIS-77001|P|2.8\r"
          + "PID|1||55501^^^NORTH^MR||Okafor^Ada||19700214|F\r"
          + "OBR|1||ACC-1|2345-7^Glucose^LN\r"
          + "OBX|1|NM|2345-7^Glucose^LN||ninety|mg/dL\r";

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafka.start(data.resolve("kafka"), 0);
    config = config("uninterrupted");
    events = config.events();
    broker.createTopics(events.allTopics(), 2);
    messages =
        new Hl7MessageGenerator(new GeneratorSettings(15, 11, 0.0))
            .messages(90, EnumSet.allOf(Hl7MessageGenerator.Family.class));
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (String message : messages) {
        send(producer, message);
      }
      send(producer, messages.get(3)); // resent by its sender: the same control id
      send(producer, ORU_BAD_VALUE);
      producer.send(
          new ProducerRecord<>(events.adtTopic(), "x", new byte[] {(byte) 0xff, 0, 1, 2, 0x1c}));
      producer.send(
          new ProducerRecord<>(
              events.siuTopic(), "y", "PID|1||123\rPV1|1|O\r".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }
  }

  private static CarelakeConfig config(String name) {
    return CarelakeConfig.load(Optional.empty(), Map.of(), settings(name));
  }

  private static Map<String, String> settings(String name) {
    return Map.of(
        "data-dir",
        data.resolve(name).toString(),
        "spark.master",
        "local[2]",
        "spark.shuffle-partitions",
        "2",
        "kafka.bootstrap-servers",
        broker.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  void eventsReachBronzeAndSilverOnceAndTheUnparseableReachTheDeadLetterTopic() {
    Lake lake = Lake.open(config);

    Hl7Stream.Totals first = streamAvailableNow(lake, 1_000);

    int sent = messages.size() + 4;
    assertThat(first.received()).isEqualTo(sent);
    assertThat(first.duplicates()).as("the resent message").isEqualTo(1);
    assertThat(first.quarantinedMessages()).as("binary and no MSH").isEqualTo(2);
    assertThat(first.mapped()).isEqualTo(messages.size() + 1);
    assertThat(first.quarantinedRecords()).as("the OBX with a text value").isEqualTo(1);
    assertThat(first.balances()).isTrue();
    assertThat(first.upserted()).isPositive();

    Dataset<Row> bronze = table(lake, lake.paths().bronze("hl7", "messages"));
    assertThat(bronze.count()).isEqualTo(sent - 1);
    assertThat(bronze.select("event_key").distinct().count()).isEqualTo(sent - 1);
    assertThat(
            bronze
                .where("kafka_topic IS NULL OR kafka_offset IS NULL OR received_at IS NULL")
                .count())
        .isZero();
    assertThat(bronze.where("message_control_id = 'LIS-77001'").count()).isEqualTo(1);
    Row lab = table(lake, lake.paths().silver("patients")).where("mrn = '55501'").first();
    assertThat(lab.getString(lab.fieldIndex("family_name"))).isEqualTo("Okafor");
    Dataset<Row> quarantine = table(lake, lake.paths().quarantine());
    assertThat(quarantine.where("source_key = 'LIS-77001/OBX[1]'").count()).isEqualTo(1);
    assertThat(quarantine.where("source_position LIKE 'kafka:%'").count()).isEqualTo(3);

    List<ConsumerRecord<String, byte[]>> deadLetters = consume(events.deadLetterTopic(), 2);
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters)
        .allSatisfy(
            record -> {
              assertThat(header(record, "carelake.reason")).isNotBlank();
              assertThat(header(record, "carelake.source-position")).startsWith("kafka:");
            });

    Hl7Stream.Totals again = streamAvailableNow(lake, 1_000);
    assertThat(again.received()).as("nothing new since the checkpoint").isZero();
    assertThat(table(lake, lake.paths().bronze("hl7", "messages")).count()).isEqualTo(sent - 1);

    // The stream as a service (a micro-batch every 500 ms) while the broker restarts: half of
    // another day's messages before the restart, half after, and an old message resent.
    List<String> later =
        new Hl7MessageGenerator(new GeneratorSettings(15, 12, 0.0))
            .messages(10, EnumSet.of(Hl7MessageGenerator.Family.ADT)).stream()
                .map(message -> message.replaceFirst("\\|CL(\\d{10})\\|", "|LATER$1|"))
                .toList();
    Hl7Stream running = Hl7Stream.start(lake, options(false, 1_000));
    try {
      try (KafkaProducer<String, byte[]> producer = producer()) {
        later.subList(0, 5).forEach(message -> send(producer, message));
        producer.flush();
      }
      int port = Integer.parseInt(broker.bootstrapServers().replaceAll(".*:", ""));
      broker.close();
      broker = EmbeddedKafka.start(data.resolve("kafka"), port);
      try (KafkaProducer<String, byte[]> producer = producer()) {
        later.subList(5, later.size()).forEach(message -> send(producer, message));
        send(producer, messages.get(0));
        producer.flush();
      }
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !running.isActive() || running.totals().received() >= later.size() + 1);
      assertThat(running.isActive()).as("the stream outlived the broker's restart").isTrue();
    } finally {
      running.stop();
    }
    Hl7Stream.Totals third = running.totals();
    assertThat(third.received()).isEqualTo(later.size() + 1);
    assertThat(third.duplicates()).isEqualTo(1);
    Dataset<Row> after = table(lake, lake.paths().bronze("hl7", "messages"));
    assertThat(after.count()).isEqualTo(sent - 1 + later.size());
    assertThat(after.select("event_key").distinct().count()).isEqualTo(after.count());
  }

  /**
   * The stream in a child JVM is killed (SIGKILL) once its first micro-batch is in bronze, before
   * the batch is checkpointed; the stream started again replays that batch and reads on. Bronze,
   * silver and quarantine end as the uninterrupted stream's lake (the first test's) ends: no
   * message twice, none missing.
   */
  @Test
  @Order(2)
  void aStreamKilledMidBatchAndRestartedStoresEveryMessageOnce() throws Exception {
    Lake uninterrupted = Lake.open(config);
    Lake killed = Lake.open(config("killed"));
    assertThat(java.nio.file.Files.isDirectory(data.resolve("uninterrupted/lake/bronze")))
        .as("the first test streamed the uninterrupted lake")
        .isTrue();

    List<String> command = new ArrayList<>(ChildCli.command(List.of("stream", "--available-now")));
    settings("killed").forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
    command.addAll(List.of("--set", "stream.max-messages-per-batch=60"));
    Path firstBronzeCommit =
        Path.of(
            java.net.URI.create(
                killed.paths().bronze("hl7", "messages")
                    + "/_delta_log/00000000000000000000.json"));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "hl7-stream-killed-child.log").toFile())
            .start();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !child.isAlive() || java.nio.file.Files.exists(firstBronzeCommit));
    assertThat(child.isAlive()).as("the child stream is still going when it is killed").isTrue();
    child.destroyForcibly().waitFor();
    assertThat(Path.of(java.net.URI.create(killed.paths().checkpoint("hl7") + "/commits/0")))
        .as("killed before its first micro-batch was checkpointed")
        .doesNotExist();

    streamAvailableNow(killed, 1_000);

    Dataset<Row> bronze = table(killed, killed.paths().bronze("hl7", "messages"));
    Dataset<Row> expectedBronze =
        table(uninterrupted, uninterrupted.paths().bronze("hl7", "messages"));
    assertThat(bronze.count()).isEqualTo(expectedBronze.count());
    assertThat(bronze.select("event_key").distinct().count()).isEqualTo(bronze.count());
    assertThat(bronze.select("event_key").except(expectedBronze.select("event_key")).count())
        .isZero();
    for (String table :
        List.of("patients", "encounters", "diagnoses", "appointments", "lab_results")) {
      Dataset<Row> actual = business(table(killed, killed.paths().silver(table)));
      Dataset<Row> expected = business(table(uninterrupted, uninterrupted.paths().silver(table)));
      assertThat(actual.count()).as(table).isEqualTo(expected.count()).isPositive();
      assertThat(actual.except(expected).count()).as(table).isZero();
    }
    Dataset<Row> quarantine = table(killed, killed.paths().quarantine());
    assertThat(quarantine.count())
        .isEqualTo(table(uninterrupted, uninterrupted.paths().quarantine()).count());
    assertThat(quarantine.select("source_key", "source_position").distinct().count())
        .isEqualTo(quarantine.count());
  }

  /** A silver table's business columns: not the lineage columns, which name runs and times. */
  private static Dataset<Row> business(Dataset<Row> table) {
    return table.select(
        java.util.Arrays.stream(table.columns())
            .filter(column -> !column.startsWith("_"))
            .map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new));
  }

  private static Hl7Stream.Totals streamAvailableNow(Lake lake, long maxMessagesPerBatch) {
    Hl7Stream stream = Hl7Stream.start(lake, options(true, maxMessagesPerBatch));
    stream.await();
    return stream.totals();
  }

  private static Hl7Stream.Options options(boolean availableNow, long maxMessagesPerBatch) {
    return new Hl7Stream.Options(
        config.kafka().clientProperties(broker.bootstrapServers()),
        events.eventTopics(),
        events.deadLetterTopic(),
        availableNow,
        Duration.ofMillis(500),
        maxMessagesPerBatch);
  }

  private static Dataset<Row> table(Lake lake, String path) {
    return lake.spark().read().format("delta").load(path);
  }

  private static void send(KafkaProducer<String, byte[]> producer, String message) {
    String topic = events.topicFor(Hl7Header.peek(message).messageType()).orElseThrow();
    producer.send(
        new ProducerRecord<>(
            topic, Hl7Header.peek(message).controlId(), message.getBytes(StandardCharsets.UTF_8)));
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put("acks", "all");
    return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }

  private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put("group.id", "hl7-stream-it");
    properties.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      // One more poll: a duplicate would show here.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return record.headers().lastHeader(name) == null
        ? null
        : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
