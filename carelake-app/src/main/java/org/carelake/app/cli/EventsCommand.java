package org.carelake.app.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.carelake.app.events.EventSimulator;
import org.carelake.app.events.KafkaEventSink;
import org.carelake.app.events.MessageAdmission;
import org.carelake.app.events.RateSchedule;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.Durations;
import org.carelake.config.EventSettings;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake events}: HL7 v2 clinical events. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "HL7 v2 clinical events: simulate a source EHR's feed.",
    subcommands = {EventsCommand.Simulate.class})
public final class EventsCommand implements Runnable {
  @picocli.CommandLine.Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake events simulate}. */
  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description = {
        "Send HL7 v2.5.1 ADT, SIU and ORU messages about the generated EHR's patients (the same"
            + " MRNs, practitioners, facilities and codes as 'carelake demo' or 'carelake source"
            + " generate' load for the same --patients and --seed) at a steady --rate for"
            + " --duration, cycling through them, printing the counts every 5 s and a summary.",
        "Message i goes out at start + i / rate; when sends take longer than the interval the"
            + " run falls behind, and the summary says so with the rate it achieved. Each message"
            + " gets a control id of its own (MSH-10 = S<start time, base 36>-<n>), so a stream"
            + " that deduplicates by sender and control id stores every one.",
        "--via kafka (the default) stores each message with acks=all on the topic and under the"
            + " key 'carelake listen' would give it (events.topic-*, the patient's MRN). With no"
            + " Kafka configured the embedded broker is started and stops with this command; the"
            + " messages stay in its folder (<data-dir>/kafka), and 'carelake stream' with the"
            + " same data-dir reads them.",
        "--via mllp sends each message to a running 'carelake listen' and reads its ACK: AA,"
            + " AE and AR are counted, and a failed connection is opened again.",
        "Exit code 0 when every message was accepted (AA, or stored), 1 when some were not."
      },
      footer = {"", "Example: carelake events simulate --rate 50 --duration 2m --via mllp"})
  static final class Simulate implements Callable<Integer> {
    /** How often the counts are printed while sending. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    /** The most distinct messages generated; a longer run cycles through them. */
    private static final int MAX_DISTINCT = 100_000;

    @Mixin private ConfigOptions configOptions;

    @Option(
        names = "--rate",
        required = true,
        paramLabel = "PER_SECOND",
        description = "Messages per second, e.g. 50 or 0.5.")
    private double rate;

    @Option(
        names = "--duration",
        required = true,
        paramLabel = "DURATION",
        description = "How long to send, e.g. 30s, 2m, 1h.")
    private String duration;

    @Option(
        names = "--via",
        defaultValue = "kafka",
        paramLabel = "kafka|mllp",
        description = "Store in Kafka directly, or send to an MLLP listener (default: kafka).")
    private String via;

    @Option(
        names = "--patients",
        defaultValue = "500",
        description = "Patients of the generated EHR (default: ${DEFAULT-VALUE}, as 'demo').")
    private int patients;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed of the generated EHR (default: ${DEFAULT-VALUE}, as 'demo').")
    private long seed;

    @Option(
        names = "--host",
        paramLabel = "HOST",
        description = "The listener's address for --via mllp (default: listen.address).")
    private String host;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        description = "The listener's port for --via mllp (default: listen.port).")
    private Integer port;

    @Override
    public Integer call() {
      SyntheticEhr.require("events simulate");
      Duration length;
      try {
        length = Durations.parse(duration);
      } catch (IllegalArgumentException e) {
        throw Errors.badSimulationDuration(duration, e.getMessage());
      }
      if (length.isNegative() || length.isZero()) {
        throw Errors.badSimulationDuration(duration, "it is not positive");
      }
      RateSchedule schedule = new RateSchedule(rate, length);
      String transport = via.strip().toLowerCase(Locale.ROOT);
      if (!transport.equals("kafka") && !transport.equals("mllp")) {
        throw Errors.unknownEventTransport(via);
      }
      CarelakeConfig config = configOptions.load();
      Progress progress = Progress.toStandardOutput();

      Progress.Step generating = progress.start("generate HL7 messages");
      List<String> messages =
          generate(patients, seed, (int) Math.min(schedule.messages(), MAX_DISTINCT));
      generating.done(Progress.count(messages.size()) + " distinct messages");

      CountDownLatch stop = new CountDownLatch(1);
      StopSignals signals = StopSignals.install(stop::countDown);
      try {
        EventSimulator.Tally tally =
            transport.equals("mllp")
                ? overMllp(config, schedule, messages, progress, stop)
                : overKafka(config, schedule, messages, progress, stop);
        summary(progress, tally, transport);
        return tally.allAccepted() ? 0 : 1;
      } finally {
        signals.close();
      }
    }

    private EventSimulator.Tally overMllp(
        CarelakeConfig config,
        RateSchedule schedule,
        List<String> messages,
        Progress progress,
        CountDownLatch stop) {
      String address = host != null ? host : config.listen().address();
      if (host == null && (address.equals("0.0.0.0") || address.equals("::"))) {
        address = "127.0.0.1";
      }
      int target = port != null ? port : config.listen().port();
      Duration timeout = config.events().sendTimeout().plusSeconds(5);
      Progress.Step connecting = progress.start("connect to the MLLP listener");
      EventSimulator.Transport mllp;
      try {
        mllp = EventSimulator.Transport.mllp(address, target, timeout);
      } catch (CarelakeException e) {
        connecting.failed();
        throw e;
      }
      try (mllp) {
        connecting.done(address + ":" + target);
        return simulate(schedule, messages, progress, stop, mllp, "over MLLP");
      }
    }

    private EventSimulator.Tally overKafka(
        CarelakeConfig config,
        RateSchedule schedule,
        List<String> messages,
        Progress progress,
        CountDownLatch stop) {
      EventSettings events = config.events();
      try (EventKafka connection = EventKafka.open(config, progress)) {
        EventSimulator.Tally tally;
        try (KafkaEventSink sink = new KafkaEventSink(connection.client(), events.sendTimeout());
            EventSimulator.Transport kafka =
                EventSimulator.Transport.kafka(
                    sink, new MessageAdmission(events), Clock.systemUTC())) {
          tally = simulate(schedule, messages, progress, stop, kafka, "into Kafka");
        }
        if (config.kafka().embedded()) {
          progress.line(
              "The embedded broker stops with this command; the messages stay in "
                  + config.dataDir().resolve("kafka")
                  + ", where 'carelake stream' with the same data-dir reads them.");
        }
        return tally;
      }
    }

    private static EventSimulator.Tally simulate(
        RateSchedule schedule,
        List<String> messages,
        Progress progress,
        CountDownLatch stop,
        EventSimulator.Transport transport,
        String where) {
      String run = EventSimulator.runId(Instant.now());
      progress.line(
          String.format(
              Locale.ROOT,
              "Sending %,d messages %s at %s/s for %s (control ids %s-1 to %s-%d). Press Ctrl-C"
                  + " to stop.",
              schedule.messages(),
              where,
              rate(schedule.rate()),
              Durations.format(schedule.duration()),
              run,
              run,
              schedule.messages()));
      EventSimulator simulator =
          new EventSimulator(
              messages,
              schedule,
              EventSimulator.Pacer.system(stop),
              run,
              PROGRESS_EVERY,
              tally ->
                  progress.line(
                      String.format(
                          Locale.ROOT,
                          "  sent %,d (%s/s), accepted %,d, not accepted %,d: %s",
                          tally.sent(),
                          rate(tally.achievedRate()),
                          tally.count(EventSimulator.Outcome.ACCEPTED),
                          tally.sent() - tally.count(EventSimulator.Outcome.ACCEPTED),
                          tally.typesLine())));
      return simulator.run(transport);
    }

    private static void summary(Progress progress, EventSimulator.Tally tally, String transport) {
      boolean mllp = transport.equals("mllp");
      progress.line("");
      progress.line("simulate summary");
      progress.line(
          String.format(
              Locale.ROOT,
              "  sent:          %,d of %,d in %.1f s",
              tally.sent(),
              tally.schedule().messages(),
              tally.elapsedNanos() / 1e9));
      progress.line("  by type:       " + tally.typesLine());
      progress.line(
          "  acknowledged:  "
              + Progress.count(tally.count(EventSimulator.Outcome.ACCEPTED))
              + (mllp ? " (AA)" : " (stored, acks=all)"));
      if (mllp) {
        progress.line(
            "  errors:        "
                + Progress.count(tally.count(EventSimulator.Outcome.ERROR))
                + " (AE)");
      }
      progress.line(
          "  rejected:      "
              + Progress.count(tally.count(EventSimulator.Outcome.REJECTED))
              + (mllp ? " (AR)" : " (refused by the admission)"));
      progress.line(
          "  failed:        "
              + Progress.count(tally.count(EventSimulator.Outcome.FAILED))
              + (mllp ? " (no ACK: connection failed or timed out)" : " (not stored)"));
      progress.line(
          String.format(
              Locale.ROOT,
              "  rate:          %s/s achieved of %s/s%s",
              rate(tally.achievedRate()),
              rate(tally.schedule().rate()),
              tally.behind()
                  ? String.format(
                      Locale.ROOT,
                      "; fell behind: the last message went out %.1f s late, as sends took longer"
                          + " than the %s ms interval",
                      tally.lastLagNanos() / 1e9,
                      rate(tally.schedule().intervalNanos() / 1e6))
                  : tally.lateAtTimes()
                      ? String.format(
                          Locale.ROOT,
                          "; kept pace (up to %.1f s late at times, then caught up)",
                          tally.maxLagNanos() / 1e9)
                      : "; kept pace"));
    }

    private static String rate(double perSecond) {
      return perSecond >= 100
          ? String.format(Locale.ROOT, "%,.0f", perSecond)
          : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** The generated EHR's messages; synthetic-EHR types stay inside this method's body. */
    private static List<String> generate(int patients, long seed, int limit) {
      return new Hl7MessageGenerator(new GeneratorSettings(patients, seed, 0.0))
          .messages(limit, EnumSet.allOf(Hl7MessageGenerator.Family.class));
    }
  }
}
