package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.carelake.app.CarelakeCli;
import org.carelake.app.events.EventTopics;
import org.carelake.app.events.KafkaEventSink;
import org.carelake.app.events.MessageAdmission;
import org.carelake.app.events.MllpListener;
import org.carelake.app.services.EmbeddedKafka;
import org.carelake.config.EventSettings;
import org.carelake.config.ListenSettings;
import org.carelake.hl7.Hl7PatientKey;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carelake events simulate} against real components: the in-process MLLP listener on the
 * embedded broker, and the command's own embedded broker, whose folder keeps the messages after the
 * command ends.
 */
class EventSimulatorIT {
  private static final Pattern SENT = Pattern.compile("sent:\\s+([\\d,]+) of ([\\d,]+)");
  private static final Pattern TYPE = Pattern.compile("([A-Z]{3})\\^[A-Z0-9]{3} ([\\d,]+)");
  private static final EventSettings EVENTS =
      new EventSettings(
          "hl7-adt",
          "hl7-siu",
          "hl7-oru",
          "hl7-dead-letter",
          2,
          Duration.ofDays(1),
          Duration.ofSeconds(10));

  @TempDir Path folder;

  private record Run(int exit, String output) {}

  private static Run simulate(String... arguments) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    try {
      List<String> line = new ArrayList<>(List.of("events", "simulate"));
      line.addAll(List.of(arguments));
      int exit = CarelakeCli.execute(line.toArray(String[]::new));
      return new Run(exit, output.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
      System.out.print(output.toString(StandardCharsets.UTF_8));
    }
  }

  private static long sent(String output) {
    Matcher matcher = SENT.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return Long.parseLong(matcher.group(1).replace(",", ""));
  }

  /** The summary's counts by family: ADT, SIU, ORU. */
  private static Map<String, Long> families(String output) {
    String line =
        output.lines().filter(text -> text.contains("by type:")).findFirst().orElseThrow();
    Matcher matcher = TYPE.matcher(line);
    Map<String, Long> families = new java.util.TreeMap<>();
    while (matcher.find()) {
      families.merge(
          matcher.group(1), Long.parseLong(matcher.group(2).replace(",", "")), Long::sum);
    }
    return families;
  }

  private static Map<String, String> client(EmbeddedKafka kafka) {
    return Map.of("bootstrap.servers", kafka.bootstrapServers(), "security.protocol", "PLAINTEXT");
  }

  @Test
  void overMllpEveryMessageOfTwoSecondsAtAHundredPerSecondIsAcknowledgedAa() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("listener-kafka"), 0)) {
      EventTopics.ensure(client(kafka), EVENTS);
      try (KafkaEventSink sink = new KafkaEventSink(client(kafka), EVENTS.sendTimeout());
          MllpListener listener =
              MllpListener.start(
                  new ListenSettings("127.0.0.1", 0, 4),
                  new MessageAdmission(EVENTS),
                  sink,
                  Clock.systemUTC())) {
        Run run =
            simulate(
                "--via",
                "mllp",
                "--rate",
                "100",
                "--duration",
                "2s",
                "--patients",
                "20",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(listener.port()),
                "--set",
                "data-dir=" + folder.resolve("simulator"));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(sent(run.output())).isEqualTo(200);
        assertThat(run.output())
            .contains("acknowledged:  200 (AA)")
            .contains("errors:        0 (AE)")
            .contains("rejected:      0 (AR)")
            .contains("failed:        0");
        assertThat(families(run.output())).containsOnlyKeys("ADT", "ORU", "SIU");
        assertThat(families(run.output()).values().stream().mapToLong(Long::longValue).sum())
            .isEqualTo(200);
        assertThat(listener.tally().acknowledged()).isEqualTo(200);
      }
    }
  }

  @Test
  void viaKafkaTheMessagesStayInTheEmbeddedBrokersFolderKeyedByTheGeneratedPatientsMrns() {
    Run run =
        simulate(
            "--rate",
            "100",
            "--duration",
            "2s",
            "--patients",
            "20",
            "--set",
            "data-dir=" + folder,
            "--set",
            "embedded.kafka-port=0",
            "--set",
            "events.partitions=2");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(sent(run.output())).isEqualTo(200);
    assertThat(run.output())
        .contains("acknowledged:  200 (stored, acks=all)")
        .contains("messages stay in " + folder.resolve("kafka"));
    Map<String, Long> families = families(run.output());

    Set<String> mrns =
        new Hl7MessageGenerator(new GeneratorSettings(20, 42, 0.0))
            .messages(10_000, EnumSet.allOf(Hl7MessageGenerator.Family.class)).stream()
                .map(message -> Hl7PatientKey.mrn(message).orElseThrow())
                .collect(Collectors.toSet());
    // The command's broker stopped with it; started again on its folder, it serves what was sent.
    try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("kafka"), 0)) {
      Set<String> controlIds = new HashSet<>();
      for (String family : List.of("ADT", "SIU", "ORU")) {
        String topic = "hl7-" + family.toLowerCase(java.util.Locale.ROOT);
        List<ConsumerRecord<String, byte[]>> records = consume(kafka, topic, families.get(family));
        assertThat((long) records.size()).as(topic).isEqualTo(families.get(family));
        for (ConsumerRecord<String, byte[]> record : records) {
          String text = new String(record.value(), StandardCharsets.UTF_8);
          assertThat(record.key()).isEqualTo(Hl7PatientKey.mrn(text).orElseThrow()).isIn(mrns);
          controlIds.add(
              new String(
                  record.headers().lastHeader("carelake.control-id").value(),
                  StandardCharsets.UTF_8));
        }
      }
      assertThat(controlIds).hasSize(200);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> consume(
      EmbeddedKafka kafka, String topic, long expected) {
    Properties properties = new Properties();
    properties.putAll(client(kafka));
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
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
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return records;
  }
}
