package org.carelake.app.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.carelake.app.services.EmbeddedKafka;
import org.carelake.config.EventSettings;
import org.carelake.config.ListenSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener on the embedded broker: what is acknowledged AA is in its topic under the patient's
 * key, and nothing is acknowledged AA while the broker is down.
 */
class MllpListenerIT {
  private static final EventSettings EVENTS = events(Duration.ofSeconds(10));

  /** The settings with the shortest send timeout allowed, so that an outage is answered fast. */
  private static final EventSettings IMPATIENT = events(Duration.ofSeconds(1));

  private static EventSettings events(Duration sendTimeout) {
    return new EventSettings(
        "hl7-adt", "hl7-siu", "hl7-oru", "hl7-dead-letter", 2, Duration.ofDays(2), sendTimeout);
  }

  @TempDir Path folder;

  private static Map<String, String> client(EmbeddedKafka kafka) {
    return Map.of("bootstrap.servers", kafka.bootstrapServers(), "security.protocol", "PLAINTEXT");
  }

  private static List<String> ensureTopics(EmbeddedKafka kafka) throws Exception {
    Properties properties = new Properties();
    properties.putAll(client(kafka));
    try (Admin admin = Admin.create(properties)) {
      List<String> created = EventTopics.ensure(admin, EVENTS);
      Config config =
          admin
              .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "hl7-adt")))
              .all()
              .get()
              .values()
              .iterator()
              .next();
      assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(2 * 86_400_000L));
      assertThat(admin.describeTopics(List.of("hl7-siu")).allTopicNames().get())
          .extractingByKey("hl7-siu")
          .satisfies(topic -> assertThat(topic.partitions()).hasSize(2));
      return created;
    }
  }

  private static List<ConsumerRecord<String, byte[]>> consume(
      EmbeddedKafka kafka, String topic, int expected) {
    Properties properties = new Properties();
    properties.putAll(client(kafka));
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void concurrentSendersGetAnAcceptanceForEachMessageStoredInItsTopicUnderThePatientsKey()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("kafka"), 0)) {
      assertThat(ensureTopics(kafka))
          .containsExactly("hl7-adt", "hl7-siu", "hl7-oru", "hl7-dead-letter");
      assertThat(ensureTopics(kafka)).isEmpty();
      ExecutorService senders = Executors.newFixedThreadPool(3);
      try (KafkaEventSink sink = new KafkaEventSink(client(kafka), EVENTS.sendTimeout());
          MllpListener listener =
              MllpListener.start(
                  new ListenSettings("127.0.0.1", 0, 4),
                  new MessageAdmission(EVENTS),
                  sink,
                  Clock.systemUTC())) {
        List<Future<List<String>>> acks = new ArrayList<>();
        for (int sender = 1; sender <= 3; sender++) {
          String mrn = "RV-400" + sender;
          int id = sender;
          acks.add(
              senders.submit(
                  () -> {
                    List<String> codes = new ArrayList<>();
                    try (MllpSender client =
                        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
                      for (String version : List.of("2.3", "2.5.1", "2.8")) {
                        codes.add(client.send(TestMessages.adt(version, "A" + id + version, mrn)));
                        codes.add(client.send(TestMessages.siu(version, "S" + id + version, mrn)));
                        codes.add(client.send(TestMessages.oru(version, "O" + id + version, mrn)));
                      }
                    }
                    return codes;
                  }));
        }
        for (Future<List<String>> sent : acks) {
          assertThat(sent.get())
              .hasSize(9)
              .allSatisfy(ack -> assertThat(MllpSender.code(ack)).isEqualTo("AA"));
        }
        try (MllpSender client =
            MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
          String rejected =
              client.send(
                  TestMessages.adt("2.5.1", "BAD-1", "RV-4009")
                      .replace("ADT^A01^ADT_A01", "MDM^T02"));

          assertThat(MllpSender.code(rejected)).isEqualTo("AR");
          assertThat(MllpSender.field(rejected, "MSA", 2)).isEqualTo("BAD-1");
          assertThat(MllpSender.field(rejected, "ERR", 2)).isEqualTo("MSH^1^9^^1");
          assertThat(MllpSender.field(rejected, "ERR", 3)).startsWith("200^");
        }
        assertThat(listener.tally()).isEqualTo(new MllpListener.Tally(4, 28, 27, 1, 0));
      } finally {
        senders.shutdownNow();
      }

      for (String topic : List.of("hl7-adt", "hl7-siu", "hl7-oru")) {
        List<ConsumerRecord<String, byte[]>> records = consume(kafka, topic, 9);
        assertThat(records).hasSize(9);
        assertThat(records)
            .extracting(ConsumerRecord::key)
            .containsOnly("RV-4001", "RV-4002", "RV-4003");
        Map<String, Set<Integer>> partitionsByPatient = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
          partitionsByPatient
              .computeIfAbsent(record.key(), key -> new java.util.HashSet<>())
              .add(record.partition());
          assertThat(header(record, "carelake.message-type"))
              .startsWith(topic.substring(4).toUpperCase(java.util.Locale.ROOT) + "^");
          assertThat(header(record, "carelake.charset")).isEqualTo("UTF-8");
          assertThat(header(record, "carelake.received-at")).endsWith("Z");
          assertThat(new String(record.value(), StandardCharsets.UTF_8))
              .startsWith("MSH|")
              .contains("|" + header(record, "carelake.control-id") + "|P|");
        }
        assertThat(partitionsByPatient.values())
            .allSatisfy(partitions -> assertThat(partitions).hasSize(1));
      }
    }
  }

  @Test
  void whileTheBrokerIsDownNothingIsAcknowledgedAndAfterItsRestartMessagesAreAcceptedAgain()
      throws Exception {
    Path data = folder.resolve("kafka");
    EmbeddedKafka kafka = EmbeddedKafka.start(data, 0);
    int port =
        Integer.parseInt(
            kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
    ensureTopics(kafka);
    List<String> acknowledged = new ArrayList<>();
    try (KafkaEventSink sink = new KafkaEventSink(client(kafka), IMPATIENT.sendTimeout());
        MllpListener listener =
            MllpListener.start(
                new ListenSettings("127.0.0.1", 0, 2),
                new MessageAdmission(IMPATIENT),
                sink,
                Clock.systemUTC());
        MllpSender client =
            MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      assertThat(MllpSender.code(client.send(TestMessages.adt("2.5.1", "UP-1", "RV-5001"))))
          .isEqualTo("AA");
      acknowledged.add("UP-1");

      kafka.close();
      for (int i = 1; i <= 2; i++) {
        String ack = client.send(TestMessages.adt("2.5.1", "DOWN-" + i, "RV-5001"));

        assertThat(MllpSender.code(ack)).isEqualTo("AE");
        assertThat(MllpSender.field(ack, "MSA", 2)).isEqualTo("DOWN-" + i);
        assertThat(MllpSender.field(ack, "ERR", 3))
            .isEqualTo("207^Application internal error^HL70357");
        assertThat(MllpSender.field(ack, "ERR", 8)).startsWith("not stored, resend: ");
      }

      kafka = EmbeddedKafka.start(data, port);
      int[] attempt = {0};
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                String controlId = "AGAIN-" + ++attempt[0];
                String code =
                    MllpSender.code(client.send(TestMessages.adt("2.5.1", controlId, "RV-5001")));
                assertThat(code).isIn("AA", "AE");
                if (code.equals("AA")) {
                  acknowledged.add(controlId);
                }
                return code.equals("AA");
              });
      assertThat(listener.tally().failed()).isGreaterThanOrEqualTo(2);

      Set<String> stored =
          consume(kafka, "hl7-adt", acknowledged.size()).stream()
              .map(record -> header(record, "carelake.control-id"))
              .collect(Collectors.toSet());
      assertThat(stored).containsAll(acknowledged);
    } finally {
      kafka.close();
    }
  }
}
