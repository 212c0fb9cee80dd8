package org.carelake.app.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  private static final int RECORD_COUNT = 100;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path folder;

  @Test
  void producedRecordsAreConsumedBackInOrder() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("kafka"), 0)) {
      kafka.createTopics(List.of("adt"), 1);

      produce(kafka, "adt", messages());

      assertThat(consume(kafka, "adt", "order-check")).containsExactlyElementsOf(messages());
    }
  }

  @Test
  void creatingTopicsThatExistAlreadyIsHarmless() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("kafka"), 0)) {
      kafka.createTopics(List.of("adt", "siu"), 2);

      kafka.createTopics(List.of("adt", "siu", "oru"), 1);

      assertThat(partitionCounts(kafka))
          .containsEntry("adt", 2)
          .containsEntry("siu", 2)
          .containsEntry("oru", 1);
    }
  }

  @Test
  void restartedBrokerKeepsItsTopicsAndRecords() throws Exception {
    Path data = folder.resolve("kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(data, 0)) {
      kafka.createTopics(List.of("siu"), 1);
      produce(kafka, "siu", messages());
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start(data, 0)) {
      assertThat(partitionCounts(kafka)).containsEntry("siu", 1);
      assertThat(consume(kafka, "siu", "after-restart")).containsExactlyElementsOf(messages());
    }
  }

  @Test
  void startingOnAPortInUseFailsAndSaysWhichSettingToChange() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafka.start(folder.resolve("kafka"), port))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining(
              "Embedded Kafka could not start on 127.0.0.1:"
                  + port
                  + ": the port is in use; set embedded.kafka-port to a free port or 0");
    }
  }

  @Test
  void closingTheBrokerStopsEveryThreadItStarted() throws Exception {
    // The first broker of a JVM starts the two daemon "metrics-meter-tick-thread"s of Yammer's
    // global metrics registry, which every later broker shares; only what remains after that
    // counts as left behind.
    EmbeddedKafka.start(folder.resolve("first"), 0).close();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("kafka"), 0)) {
      kafka.createTopics(List.of("adt"), 1);
      produce(kafka, "adt", messages());
      consume(kafka, "adt", "thread-check");
    }

    // Polling on this thread keeps Awaitility's own thread out of the comparison.
    await()
        .atMost(PATIENCE)
        .pollInSameThread()
        .untilAsserted(() -> assertThat(threadsStartedSince(before)).isEmpty());
  }

  @Test
  void kafkaStaysQuietAtInfoEvenAfterSparkReplacesTheLoggingConfiguration() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("kafka"), 0)) {
      assertThat(LogManager.getLogger("kafka.server").isInfoEnabled()).isFalse();

      // The call Spark makes when its first session finds log4j2 on its default configuration.
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      context.setConfigLocation(
          getClass()
              .getClassLoader()
              .getResource("org/apache/spark/log4j2-defaults.properties")
              .toURI());
      kafka.createTopics(List.of("oru"), 1);
      produce(kafka, "oru", messages());

      assertThat(LogManager.getRootLogger().isInfoEnabled()).isTrue();
      assertThat(LogManager.getLogger("kafka.server").isInfoEnabled()).isFalse();
      assertThat(LogManager.getLogger("org.apache.kafka.clients").isInfoEnabled()).isFalse();
      assertThat(LogManager.getLogger("state.change.logger").isInfoEnabled()).isFalse();
      assertThat(LogManager.getLogger("kafka.server").isWarnEnabled()).isTrue();
    }
  }

  private static List<String> messages() {
    return IntStream.range(0, RECORD_COUNT).mapToObj(i -> "message-" + i).toList();
  }

  private static void produce(EmbeddedKafka kafka, String topic, List<String> values)
      throws InterruptedException, ExecutionException {
    Map<String, Object> settings =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (String value : values) {
        sent.add(producer.send(new ProducerRecord<>(topic, value)));
      }
      for (Future<RecordMetadata> acknowledgement : sent) {
        acknowledgement.get();
      }
    }
  }

  private static List<String> consume(EmbeddedKafka kafka, String topic, String group) {
    Map<String, Object> settings =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      // A consumer may only be used by one thread, so Awaitility polls on this one.
      await()
          .atMost(PATIENCE)
          .pollInSameThread()
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
                return values.size() >= RECORD_COUNT;
              });
      consumer.commitSync();
    }
    return values;
  }

  private static Map<String, Integer> partitionCounts(EmbeddedKafka kafka)
      throws InterruptedException, ExecutionException {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get();
      return admin.describeTopics(names).allTopicNames().get().values().stream()
          .collect(Collectors.toMap(TopicDescription::name, topic -> topic.partitions().size()));
    }
  }

  private static Set<String> threadsStartedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
