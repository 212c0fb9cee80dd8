package org.carelake.app.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.carelake.app.cli.Progress;
import org.carelake.app.events.EventSimulator;
import org.carelake.app.events.KafkaEventSink;
import org.carelake.app.events.MessageAdmission;
import org.carelake.app.events.RateSchedule;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.EventSettings;
import org.carelake.config.StreamSettings;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Hl7Stream;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;

/**
 * The stream benchmark: HL7 events from Kafka into bronze and silver with {@link Hl7Stream}, in two
 * scenarios on one lake and one Spark session.
 *
 * <ul>
 *   <li>{@code sustained}: N messages are stored in Kafka first (the simulator's Kafka transport,
 *       as the listener stores them), then the stream reads them available-now in micro-batches of
 *       at most {@code batchMessages}. Figure: messages per second from the stream's start to the
 *       last micro-batch's commit, cold (the first micro-batch plans every statement and creates
 *       the silver tables), and after the first micro-batch (from its commit to the last one).
 *   <li>{@code latency-<rate>}: the stream runs as a service (a micro-batch every {@code
 *       stream.trigger-interval}) behind an MLLP listener storing into Kafka; after a warm-up burst
 *       the simulator sends over MLLP at the rate for the duration. Figure: p50 and p95 of each
 *       message's latency, its micro-batch's commit time (taken right after the batch's silver
 *       merge returned) minus its receive time (bronze {@code received_at}: the Kafka record's
 *       timestamp, set by the listener's producer when it sends the message, within a millisecond
 *       of the MLLP receipt), see {@link StreamLatency}.
 * </ul>
 *
 * <p>Floor, in the same run: HAPI's bare {@code PipeParser} parse of the same N messages on one
 * thread ({@link Hl7IngestBenchmark#floor}). Each scenario checks that the stream received every
 * stored message and that each is in silver, in quarantine (and on the dead-letter topic) or a
 * known duplicate, and fails otherwise.
 *
 * <p>Side effects: deletes and rebuilds the lake named in the configuration (the command points it
 * at a folder of its own), writes the configured event topics (the command names them for the run),
 * and listens on a free loopback port during the latency scenario.
 */
public final class StreamBenchmark {
  /** Goal: at least this many messages per second sustained from Kafka into silver. */
  public static final double RATE_GOAL = 2_000;

  /** Goal: a 95th percentile latency from MLLP receipt to the silver commit of at most this. */
  public static final double P95_GOAL_SECONDS = 2;

  private static final int WARM_UP_MESSAGES = 50;

  /**
   * What the benchmark is asked to do.
   *
   * @param messages messages stored in Kafka for the sustained scenario
   * @param batchMessages the most messages one micro-batch reads
   * @param rate messages per second sent over MLLP in the latency scenario
   * @param duration how long the latency scenario sends
   */
  public record Settings(int messages, long batchMessages, double rate, Duration duration) {}

  private final CarelakeConfig config;
  private final Map<String, String> kafka;
  private final Progress progress;

  /**
   * A benchmark of a lake.
   *
   * @param config the benchmark's configuration, with a lake and event topics of its own
   * @param kafka the Kafka client properties; the event topics exist
   * @param progress where progress lines go
   */
  public StreamBenchmark(CarelakeConfig config, Map<String, String> kafka, Progress progress) {
    this.config = config;
    this.kafka = Map.copyOf(kafka);
    this.progress = progress;
  }

  /**
   * Runs both scenarios and the floor.
   *
   * @return the report, with scenarios {@code sustained} and {@code latency-<rate>}
   */
  public BenchmarkReport run(Settings settings) {
    Lake lake = Lake.open(config);
    lake.files().delete(config.lakeUri().toString());
    EventSettings events = config.events();

    Progress.Step step = progress.start("generate HL7 messages");
    List<String> texts =
        new Hl7MessageGenerator(new GeneratorSettings(Math.max(50, settings.messages() / 8), 42, 0))
            .messages(settings.messages(), EnumSet.allOf(Hl7MessageGenerator.Family.class));
    step.done(Progress.count(texts.size()) + " messages");

    step = progress.start("floor: HAPI PipeParser parse");
    double floor = Hl7IngestBenchmark.floor(texts);
    double floorRate = texts.size() / floor;
    step.done(String.format(Locale.ROOT, "%.2f s, %,.0f messages/s", floor, floorRate));

    BenchmarkReport.Scenario sustained = sustained(lake, events, texts, settings, floor);
    BenchmarkReport.Scenario latency = latency(lake, events, texts, settings, floor);

    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("messages", texts.size());
    parameters.put("types", "ADT,SIU,ORU");
    parameters.put("batch_messages", settings.batchMessages());
    parameters.put("rate", settings.rate());
    parameters.put("duration_seconds", settings.duration().toMillis() / 1000.0);
    parameters.put("trigger_interval_ms", config.stream().triggerInterval().toMillis());
    parameters.put("spark_master", config.spark().master());
    parameters.put("shuffle_partitions", config.spark().shufflePartitions());
    parameters.put("partitions_per_topic", config.events().partitions());
    return report(parameters, sustained, latency);
  }

  /** The report of the two scenarios, sustained first. */
  static BenchmarkReport report(
      Map<String, Object> parameters,
      BenchmarkReport.Scenario sustained,
      BenchmarkReport.Scenario latency) {
    return BenchmarkReport.start("stream", parameters).with(sustained).with(latency);
  }

  /** The latency scenario's name: {@code latency-500}, {@code latency-12.5}. */
  static String latencyName(double rate) {
    return "latency-"
        + (rate == Math.rint(rate)
            ? Long.toString((long) rate)
            : String.format(Locale.ROOT, "%s", rate));
  }

  private BenchmarkReport.Scenario sustained(
      Lake lake, EventSettings events, List<String> texts, Settings settings, double floor) {
    Progress.Step step = progress.start("store the messages in Kafka");
    EventSimulator.Tally stored;
    try (KafkaEventSink sink = new KafkaEventSink(kafka, events.sendTimeout());
        EventSimulator.Transport transport =
            EventSimulator.Transport.kafka(sink, new MessageAdmission(events), Clock.systemUTC())) {
      RateSchedule asFastAsPossible =
          new RateSchedule(
              RateSchedule.MAX_RATE,
              Duration.ofNanos(Math.round(texts.size() * 1e9 / RateSchedule.MAX_RATE)));
      stored =
          new EventSimulator(
                  texts,
                  asFastAsPossible,
                  EventSimulator.Pacer.system(new CountDownLatch(1)),
                  EventSimulator.runId(Instant.now()),
                  Duration.ZERO,
                  tally -> {})
              .run(transport);
    }
    long accepted = stored.count(EventSimulator.Outcome.ACCEPTED);
    if (accepted != texts.size()) {
      step.failed();
      throw Errors.streamBenchmarkNotAccepted("sustained", accepted, texts.size());
    }
    double storeSeconds = stored.elapsedNanos() / 1e9;
    step.done(String.format(Locale.ROOT, "%s in %.1f s", Progress.count(accepted), storeSeconds));

    step = progress.start("sustained: stream them into silver (available-now)");
    Instant started = Instant.now();
    long startedNanos = System.nanoTime();
    Hl7Stream stream =
        Hl7Stream.start(lake, Hl7Stream.Options.untilCaughtUp(kafka, events, stream(settings)));
    stream.await();
    double untilStopped = (System.nanoTime() - startedNanos) / 1e9;
    Hl7Stream.Totals totals = stream.totals();
    check("sustained", accepted, totals);
    List<Hl7Stream.Commit> commits = stream.commits();
    Hl7Stream.Commit first = commits.get(0);
    Hl7Stream.Commit last = commits.get(commits.size() - 1);
    double seconds = seconds(started, last.committedAt());
    double rate = totals.received() / seconds;
    BenchmarkReport.Scenario scenario =
        BenchmarkReport.Scenario.withFloor("sustained", seconds, floor)
            .withMetric("messages_per_second", tenths(rate))
            .withMetric("floor_messages_per_second", tenths(texts.size() / floor))
            .withMetric("goal_messages_per_second", RATE_GOAL)
            .withMetric("batches", commits.size())
            .withMetric("first_batch_messages", first.received())
            .withMetric("first_batch_seconds", round(seconds(started, first.committedAt())));
    String after = "";
    if (commits.size() > 1) {
      double warm =
          (totals.received() - first.received()) / seconds(first.committedAt(), last.committedAt());
      scenario = scenario.withMetric("messages_per_second_after_first_batch", tenths(warm));
      after = String.format(Locale.ROOT, ", %,.0f/s after the first batch", warm);
    }
    scenario =
        scenario
            .withMetric("seconds_until_stopped", round(untilStopped))
            .withMetric("store_seconds", round(storeSeconds))
            .withMetric("mapped", totals.mapped())
            .withMetric("quarantined_messages", totals.quarantinedMessages());
    step.done(
        String.format(
            Locale.ROOT,
            "%s in %d micro-batches, %.1f s: %,.0f messages/s%s",
            Progress.count(totals.received()),
            commits.size(),
            seconds,
            rate,
            after));
    return scenario;
  }

  private BenchmarkReport.Scenario latency(
      Lake lake, EventSettings events, List<String> texts, Settings settings, double floor) {
    String name = latencyName(settings.rate());
    Progress.Step step = progress.start(name + ": stream as a service behind an MLLP listener");
    Hl7Stream stream =
        Hl7Stream.start(lake, Hl7Stream.Options.asService(kafka, events, stream(settings)));
    try (StreamProbe probe = StreamProbe.start(lake, stream, kafka, events)) {
      Duration drain = Duration.ofMinutes(5).plus(settings.duration().multipliedBy(10));
      probe.send(
          name + " warm-up",
          texts,
          new RateSchedule(WARM_UP_MESSAGES, Duration.ofSeconds(1)),
          drain);
      step.done("warm after " + WARM_UP_MESSAGES + " messages");
      step =
          progress.start(
              String.format(
                  Locale.ROOT,
                  "%s: send over MLLP at %s/s for %.0f s",
                  name,
                  Progress.count(Math.round(settings.rate())),
                  settings.duration().toMillis() / 1000.0));
      StreamProbe.Burst burst =
          probe.send(name, texts, new RateSchedule(settings.rate(), settings.duration()), drain);
      long sent = burst.tally().sent();
      if (burst.received() != sent || !burst.balances() || burst.inBronze() != sent) {
        throw Errors.streamBenchmarkDoesNotReconcile(
            name, sent, burst.received(), burst.mapped(), burst.quarantined(), burst.duplicates());
      }
      step.done(
          String.format(
              Locale.ROOT,
              "%s sent at %,.0f/s, in silver in %d micro-batches: p50 %.2f s, p95 %.2f s",
              Progress.count(sent),
              burst.tally().achievedRate(),
              burst.batches(),
              burst.p50Seconds(),
              burst.p95Seconds()));
      return BenchmarkReport.Scenario.alone(name, round(burst.seconds()))
          .withMetric("p50_seconds", round(burst.p50Seconds()))
          .withMetric("p95_seconds", round(burst.p95Seconds()))
          .withMetric("max_seconds", round(burst.latency().maxSeconds()))
          .withMetric("goal_p95_seconds", P95_GOAL_SECONDS)
          .withMetric("messages", sent)
          .withMetric("rate", settings.rate())
          .withMetric("achieved_rate", tenths(burst.tally().achievedRate()))
          .withMetric("sender_fell_behind", burst.tally().behind())
          .withMetric("batches", burst.batches())
          .withMetric("mapped", burst.mapped())
          .withMetric("quarantined_messages", burst.quarantined())
          .withMetric("floor_parse_milliseconds_per_message", round(floor * 1000 / texts.size()));
    } finally {
      stream.stop();
    }
  }

  /** The configured trigger interval, and the benchmark's micro-batch size. */
  private StreamSettings stream(Settings settings) {
    return new StreamSettings(config.stream().triggerInterval(), settings.batchMessages());
  }

  private static void check(String scenario, long sent, Hl7Stream.Totals totals) {
    if (totals.received() != sent || !totals.balances() || totals.duplicates() != 0) {
      throw Errors.streamBenchmarkDoesNotReconcile(
          scenario,
          sent,
          totals.received(),
          totals.mapped(),
          totals.quarantinedMessages(),
          totals.duplicates());
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  /** A rate to a tenth, so that a slow one does not show as 0. */
  private static double tenths(double perSecond) {
    return Math.round(perSecond * 10) / 10.0;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
