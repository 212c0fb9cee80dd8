package org.carelake.app.cli;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carelake.app.bench.StreamProbe;
import org.carelake.app.events.EventTopics;
import org.carelake.app.events.RateSchedule;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.EventSettings;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Hl7Stream;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;

/**
 * The demo's stream section: with the embedded broker already started, it ensures the event topics,
 * starts the HL7 stream as a service, sends a short burst of simulated HL7 v2 events (about the
 * demo's own patients) over MLLP to a listener of its own, waits until they are in silver, stops
 * the stream and prints what happened: events sent and acknowledged, where they ended, and the
 * latency per event from MLLP receipt to the silver commit (p50, p95).
 *
 * <p>Side effects: Kafka records on the event topics, the stream's writes to bronze, silver and
 * quarantine (and its checkpoint in the lake), a free loopback port while it runs.
 */
final class DemoStream {
  /** Events in the burst. */
  static final int EVENTS = 50;

  /** Events per second of the burst. */
  private static final double RATE = 50;

  private DemoStream() {}

  /**
   * Runs the section.
   *
   * @param lake the demo's lake, its session warm from the batch run
   * @param config the demo's configuration
   * @param services the demo's services, Kafka among them
   * @param progress where lines go
   * @param patients the demo's patients, whom the events are about
   * @param seed the demo's seed
   * @return whether every event the stream received is in silver, quarantine or a known duplicate
   */
  static boolean run(
      Lake lake,
      CarelakeConfig config,
      Services services,
      Progress progress,
      int patients,
      long seed) {
    long started = System.nanoTime();
    EventSettings events = config.events();
    Map<String, String> client = config.kafka().clientProperties(services.kafkaBootstrapServers());
    Progress.Step topics = progress.start("event topics");
    List<String> created = EventTopics.ensure(client, events);
    topics.done(created.isEmpty() ? "all exist" : "created " + String.join(", ", created));
    List<String> messages =
        new Hl7MessageGenerator(new GeneratorSettings(patients, seed, 0.0))
            .messages(EVENTS, EnumSet.allOf(Hl7MessageGenerator.Family.class));
    Progress.Step streaming = progress.start("HL7 stream: " + EVENTS + " events over MLLP");
    Hl7Stream stream =
        Hl7Stream.start(lake, Hl7Stream.Options.asService(client, events, config.stream()));
    StreamProbe.Burst burst;
    try (StreamProbe probe = StreamProbe.start(lake, stream, client, events)) {
      burst =
          probe.send(
              "demo",
              messages,
              new RateSchedule(RATE, Duration.ofMillis(Math.round(EVENTS * 1000 / RATE))),
              Duration.ofMinutes(10));
    } catch (RuntimeException e) {
      streaming.failed();
      throw e;
    } finally {
      stream.stop();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    streaming.done(
        String.format(
            Locale.ROOT, "p50 %.2f s, p95 %.2f s", burst.p50Seconds(), burst.p95Seconds()));
    progress.line("");
    progress.line("stream (HL7 v2 over MLLP -> Kafka -> bronze -> silver, 'carelake stream'):");
    progress.line(
        String.format(
            Locale.ROOT,
            "  events sent:       %d over MLLP at %.0f/s, %d acknowledged (AA)",
            burst.tally().sent(),
            RATE,
            burst.tally().count(org.carelake.app.events.EventSimulator.Outcome.ACCEPTED)));
    progress.line(
        String.format(
            Locale.ROOT,
            "  reached the lake:  %d in bronze, in %d micro-batches; the stream received %d: %d"
                + " mapped into silver, %d quarantined, %d resent duplicates",
            burst.inBronze(),
            burst.batches(),
            burst.received(),
            burst.mapped(),
            burst.quarantined(),
            burst.duplicates()));
    progress.line(
        String.format(
            Locale.ROOT,
            "  latency per event: p50 %.2f s, p95 %.2f s (MLLP receipt to the silver commit)",
            burst.p50Seconds(),
            burst.p95Seconds()));
    progress.line(
        String.format(
            Locale.ROOT,
            "  the stream section took %.1f s (topics, stream start, burst, stop); --no-stream"
                + " skips it",
            seconds));
    return burst.balances();
  }
}
