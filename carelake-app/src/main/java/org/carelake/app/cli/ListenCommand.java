package org.carelake.app.cli;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carelake.app.events.KafkaEventSink;
import org.carelake.app.events.MessageAdmission;
import org.carelake.app.events.MllpListener;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.EventSettings;
import org.carelake.config.ListenSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake listen}: the MLLP listener that stores HL7 v2 messages in Kafka. */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = {
      "Receive HL7 v2 messages over MLLP and store them in Kafka, until Ctrl-C or SIGTERM.",
      "Each ADT, SIU and ORU message of versions 2.3 to 2.8 goes to the topic of its family"
          + " (events.topic-adt, -siu, -oru), keyed by the patient's MRN (PID-3), and is"
          + " acknowledged AA only once Kafka stored it (acks=all). What cannot be accepted is"
          + " answered AR or AE with an ERR segment that locates the fault; what Kafka could not"
          + " store in events.send-timeout is answered AE, so the sender resends it.",
      "Listens on listen.address:listen.port. Kafka is kafka.bootstrap-servers, Event Hubs by"
          + " kafka.event-hubs-connection-string, or the embedded broker when neither is set;"
          + " missing topics are created (events.partitions, events.retention)."
    })
public final class ListenCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--progress-every",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Print the counts every SECONDS seconds while listening (0: never). Default: 30.")
  private int progressEvery;

  @Override
  public Integer call() throws InterruptedException {
    CarelakeConfig config = configOptions.load();
    EventSettings events = config.events();
    ListenSettings listen = config.listen();
    Progress progress = Progress.toStandardOutput();
    CountDownLatch stop = new CountDownLatch(1);
    StopSignals signals = StopSignals.install(stop::countDown);
    try {
      return listen(config, events, listen, progress, stop);
    } finally {
      signals.close();
    }
  }

  private Integer listen(
      CarelakeConfig config,
      EventSettings events,
      ListenSettings listen,
      Progress progress,
      CountDownLatch stop)
      throws InterruptedException {

    try (EventKafka kafka = EventKafka.open(config, progress)) {
      Map<String, String> client = kafka.client();
      try (KafkaEventSink sink = new KafkaEventSink(client, events.sendTimeout());
          MllpListener listener =
              MllpListener.start(listen, new MessageAdmission(events), sink, Clock.systemUTC())) {
        progress.line(
            "Listening for MLLP on "
                + listen.address()
                + ":"
                + listener.port()
                + "; ADT -> "
                + events.adtTopic()
                + ", SIU -> "
                + events.siuTopic()
                + ", ORU -> "
                + events.oruTopic()
                + ". Press Ctrl-C to stop.");
        ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "carelake-listen-progress");
                  thread.setDaemon(true);
                  return thread;
                });
        if (progressEvery > 0) {
          ticker.scheduleAtFixedRate(
              () -> progress.line("  " + counts(listener.tally())),
              progressEvery,
              progressEvery,
              TimeUnit.SECONDS);
        }
        stop.await();
        ticker.shutdownNow();
        progress.line("Stopping: finishing the messages in hand.");
        listener.stop(events.sendTimeout().plusSeconds(5));
        MllpListener.Tally tally = listener.tally();
        progress.line("");
        progress.line("listen summary");
        progress.line("  connections:   " + Progress.count(tally.connections()));
        progress.line("  received:      " + Progress.count(tally.received()));
        progress.line("  acknowledged:  " + Progress.count(tally.acknowledged()) + " (AA, stored)");
        progress.line("  rejected:      " + Progress.count(tally.rejected()) + " (AR or AE)");
        progress.line(
            "  failed:        "
                + Progress.count(tally.failed())
                + " (AE, not stored; the sender resends them)");
      }
    }
    return 0;
  }

  private static String counts(MllpListener.Tally tally) {
    return String.format(
        Locale.ROOT,
        "received %,d, acknowledged %,d, rejected %,d, failed %,d, connections %,d",
        tally.received(),
        tally.acknowledged(),
        tally.rejected(),
        tally.failed(),
        tally.connections());
  }
}
