package org.carelake.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carelake.app.bench.StreamBenchmark;
import org.carelake.app.events.RateSchedule;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.config.Durations;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake bench stream}: HL7 events from Kafka and MLLP into silver, rate and latency. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the HL7 stream ('carelake stream') in two scenarios, against the floor measured"
          + " in the same run (HAPI PipeParser's bare parse of the same messages, one thread):",
      "sustained: --messages generated messages are stored in Kafka first, then the stream reads"
          + " them available-now, at most --batch-messages per micro-batch; messages/s from the"
          + " stream's start to the last micro-batch's silver commit (cold, the first micro-batch"
          + " included), and after the first micro-batch. Goal: at least 2,000 messages/s.",
      "latency-<rate>: the stream runs as a service behind an MLLP listener storing into Kafka;"
          + " after a warm-up of 50 messages the simulator sends over MLLP at --rate for"
          + " --duration. Latency per message = its micro-batch's commit time (right after the"
          + " silver merge returned) minus its receive time (bronze received_at, the Kafka record's"
          + " timestamp set by the listener when it stores the message); p50 and p95. Goal: p95"
          + " at most 2 s at 500 messages/s.",
      "Every stored message must reach silver, quarantine or the dead-letter topic exactly once,"
          + " or the benchmark fails. Uses <data-dir>/bench/stream (lake, embedded Kafka on a free port"
          + " unless embedded.kafka-port is set) and event topics named for the run, so your data"
          + " is left alone."
    },
    footer = {"", "Exit code 1 when a goal is not met."})
final class StreamBenchCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--messages",
      defaultValue = "20000",
      description = "Messages for the sustained scenario (default: ${DEFAULT-VALUE}).")
  private int messages;

  @Option(
      names = "--batch-messages",
      defaultValue = "5000",
      description = "The most messages one micro-batch reads (default: ${DEFAULT-VALUE}).")
  private long batchMessages;

  @Option(
      names = "--rate",
      defaultValue = "500",
      paramLabel = "PER_SECOND",
      description = "Messages per second of the latency scenario (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      paramLabel = "DURATION",
      description = "How long the latency scenario sends (default: ${DEFAULT-VALUE}).")
  private String duration;

  @Option(names = "--output", paramLabel = "FILE", description = "Also write the JSON report.")
  private Path output;

  @Override
  public Integer call() {
    SyntheticEhr.require("bench stream");
    if (messages < 1) {
      throw Errors.tooFewMessages(messages, 20000);
    }
    if (batchMessages < 1) {
      throw Errors.tooFewBatchMessages(batchMessages);
    }
    Duration length;
    try {
      length = Durations.parse(duration);
    } catch (IllegalArgumentException e) {
      throw Errors.badSimulationDuration(duration, e.getMessage());
    }
    // Checks the rate and the duration before anything starts.
    new RateSchedule(rate, length);
    CarelakeConfig base = configOptions.load();
    Path folder = base.dataDir().resolve("bench/stream");
    String topics = "carelake-bench-" + Long.toString(Instant.now().toEpochMilli(), 36) + "-";
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put(ConfigKeys.DATA_DIR.name(), folder.toString());
    fixed.put(ConfigKeys.LAKE_URI.name(), folder.resolve("lake").toUri().toString());
    fixed.put(ConfigKeys.EVENTS_TOPIC_ADT.name(), topics + "adt");
    fixed.put(ConfigKeys.EVENTS_TOPIC_SIU.name(), topics + "siu");
    fixed.put(ConfigKeys.EVENTS_TOPIC_ORU.name(), topics + "oru");
    fixed.put(ConfigKeys.EVENTS_TOPIC_DEAD_LETTER.name(), topics + "dead-letter");
    if (base.origin(ConfigKeys.EMBEDDED_KAFKA_PORT) == CarelakeConfig.Origin.DEFAULT) {
      // The benchmark's broker is its own: a free port, beside a broker 'carelake services' runs.
      fixed.put(ConfigKeys.EMBEDDED_KAFKA_PORT.name(), "0");
    }
    CarelakeConfig config = configOptions.load(fixed);
    // A fresh folder: the lake and the embedded broker's log of the last run go.
    Lake.open(config).files().delete(folder.toUri().toString());
    Progress progress = Progress.toStandardOutput();
    BenchmarkReport report;
    try (EventKafka kafka = EventKafka.open(config, progress)) {
      report =
          new StreamBenchmark(config, kafka.client(), progress)
              .run(new StreamBenchmark.Settings(messages, batchMessages, rate, length));
    }
    progress.line("");
    progress.line(report.summary());
    if (output != null) {
      report.write(output);
      progress.line("report written to " + output.toAbsolutePath());
    }
    Map<String, Object> sustained = report.scenarios().get(0).metrics();
    Map<String, Object> latency = report.scenarios().get(1).metrics();
    double perSecond = ((Number) sustained.get("messages_per_second")).doubleValue();
    double p95 = ((Number) latency.get("p95_seconds")).doubleValue();
    boolean rateMet = perSecond >= StreamBenchmark.RATE_GOAL;
    boolean latencyMet = p95 <= StreamBenchmark.P95_GOAL_SECONDS;
    progress.line(
        String.format(
            Locale.ROOT,
            "goal %s: %.1f messages/s sustained (at least %.0f)",
            rateMet ? "met" : "NOT met",
            perSecond,
            StreamBenchmark.RATE_GOAL));
    progress.line(
        String.format(
            Locale.ROOT,
            "goal %s: p95 latency %.2f s at %s messages/s (at most %.0f s)",
            latencyMet ? "met" : "NOT met",
            p95,
            latency.get("rate"),
            StreamBenchmark.P95_GOAL_SECONDS));
    return rateMet && latencyMet ? 0 : 1;
  }
}
