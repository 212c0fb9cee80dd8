package org.carelake.app.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.EventSettings;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Hl7Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake stream}: HL7v2 events from Kafka into bronze and silver. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Stream the HL7v2 events of the ADT, SIU and ORU topics (events.topic-*) from Kafka or Event"
          + " Hubs into the lake with Spark Structured Streaming: every message to"
          + " bronze/hl7_messages as received (topic, partition, offset, key, receive time), then"
          + " through the same HL7 mapping and declared silver rules as 'carelake hl7 ingest',"
          + " merged into the same silver tables; what does not parse or map goes to quarantine"
          + " and to the dead-letter topic with its located reason.",
      "Exactly once: the checkpoint is in the lake (<lake>/_carelake/checkpoints/hl7), bronze"
          + " and quarantine appends carry Delta transaction ids, silver merges by key, and a"
          + " message resent by its sender (same MSH-3, MSH-4, MSH-10) is stored once. Runs"
          + " until Ctrl-C, a micro-batch every stream.trigger-interval; --available-now reads"
          + " what the topics hold and stops."
    })
public final class StreamCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--available-now",
      description = "Read what the topics hold now, in micro-batches, then stop (catch-up, jobs).")
  private boolean availableNow;

  @Override
  public Integer call() {
    CarelakeConfig config = configOptions.load();
    Progress progress = Progress.toStandardOutput();
    EventSettings events = config.events();
    try (EventKafka kafka = EventKafka.open(config, progress)) {
      Lake lake = Lake.open(config);
      long started = System.nanoTime();
      Map<String, String> client = kafka.client();
      Progress.Step starting = progress.start("start the HL7 stream");
      Hl7Stream stream =
          Hl7Stream.start(
              lake,
              availableNow
                  ? Hl7Stream.Options.untilCaughtUp(client, events, config.stream())
                  : Hl7Stream.Options.asService(client, events, config.stream()));
      starting.done(
          "reading "
              + String.join(", ", events.eventTopics())
              + (availableNow ? " until caught up" : "; Ctrl-C stops it"));
      AtomicReference<Hl7Stream.Totals> shown = new AtomicReference<>(stream.totals());
      ScheduledExecutorService ticker =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "carelake-stream-progress");
                thread.setDaemon(true);
                return thread;
              });
      ticker.scheduleAtFixedRate(
          () -> {
            Hl7Stream.Totals now = stream.totals();
            if (!now.equals(shown.getAndSet(now))) {
              progress.line("  " + describe(now));
            }
          },
          10,
          10,
          TimeUnit.SECONDS);
      // Ctrl-C or SIGTERM stops the stream (a micro-batch cut short is replayed by the next
      // start), and the command ends with its summary and exit code 0.
      try (StopSignals signals = StopSignals.install(stream::stop)) {
        stream.await();
      } finally {
        ticker.shutdownNow();
      }
      Hl7Stream.Totals totals = stream.totals();
      progress.line(
          String.format(
              "stream ended after %.1f s: %s",
              (System.nanoTime() - started) / 1e9, describe(totals)));
      return totals.balances() ? 0 : 1;
    }
  }

  private static String describe(Hl7Stream.Totals totals) {
    return Progress.count(totals.received())
        + " messages received in "
        + Progress.count(totals.batches())
        + " micro-batches: "
        + Progress.count(totals.mapped())
        + " mapped into silver ("
        + Progress.count(totals.upserted())
        + " rows merged), "
        + Progress.count(totals.quarantinedMessages())
        + " quarantined and sent to the dead-letter topic, "
        + Progress.count(totals.duplicates())
        + " resent duplicates stored once; "
        + Progress.count(totals.quarantinedRecords())
        + " records quarantined";
  }
}
