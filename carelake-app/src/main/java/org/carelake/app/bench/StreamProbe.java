package org.carelake.app.bench;

import static org.apache.spark.sql.functions.col;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.carelake.app.events.EventSimulator;
import org.carelake.app.events.KafkaEventSink;
import org.carelake.app.events.MessageAdmission;
import org.carelake.app.events.MllpListener;
import org.carelake.app.events.RateSchedule;
import org.carelake.config.EventSettings;
import org.carelake.config.ListenSettings;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Hl7Stream;

/**
 * Measures how long HL7 messages take from MLLP to silver: a listener of its own (on a free
 * loopback port, storing into Kafka as {@code carelake listen} does) receives messages the event
 * simulator sends at a steady rate, a running {@link Hl7Stream} takes them into bronze and silver,
 * and each message's latency is its micro-batch's commit time minus its receive time ({@link
 * StreamLatency}).
 *
 * <p>Side effects: the listener's port, the Kafka records, the stream's writes, and a read of
 * bronze {@code hl7_messages} once the messages are in. Close it to stop the listener.
 */
public final class StreamProbe implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * What one burst did.
   *
   * @param tally the simulator's counts: sent, acknowledged AA, refused, failed
   * @param received messages the stream received meanwhile (the burst's, and any backlog it read)
   * @param mapped of those, mapped into silver
   * @param quarantined of those, quarantined whole and sent to the dead-letter topic
   * @param duplicates of those, resent copies stored once
   * @param inBronze the burst's messages in bronze (by their control ids)
   * @param latency the burst's messages' latency from receipt to the silver commit
   * @param seconds from the first send to the last commit
   * @param batches micro-batches that wrote the burst's messages
   */
  public record Burst(
      EventSimulator.Tally tally,
      long received,
      long mapped,
      long quarantined,
      long duplicates,
      long inBronze,
      StreamLatency latency,
      double seconds,
      int batches) {

    /** Whether every message the stream received is in silver, quarantine or a known duplicate. */
    public boolean balances() {
      return received == mapped + quarantined + duplicates;
    }

    /** The median latency in seconds. */
    public double p50Seconds() {
      return latency.p50Seconds();
    }

    /** The 95th percentile latency in seconds. */
    public double p95Seconds() {
      return latency.p95Seconds();
    }
  }

  private final Lake lake;
  private final Hl7Stream stream;
  private final KafkaEventSink sink;
  private final MllpListener listener;
  private final Duration sendTimeout;

  private StreamProbe(
      Lake lake,
      Hl7Stream stream,
      KafkaEventSink sink,
      MllpListener listener,
      Duration sendTimeout) {
    this.lake = lake;
    this.stream = stream;
    this.sink = sink;
    this.listener = listener;
    this.sendTimeout = sendTimeout;
  }

  /**
   * Starts a listener on a free loopback port in front of a running stream.
   *
   * @param lake the stream's lake
   * @param stream the running stream (not available-now)
   * @param kafka the Kafka client properties
   * @param events the topics and the send timeout
   */
  public static StreamProbe start(
      Lake lake, Hl7Stream stream, Map<String, String> kafka, EventSettings events) {
    KafkaEventSink sink = new KafkaEventSink(kafka, events.sendTimeout());
    try {
      MllpListener listener =
          MllpListener.start(
              new ListenSettings("127.0.0.1", 0, 4),
              new MessageAdmission(events),
              sink,
              Clock.systemUTC());
      return new StreamProbe(lake, stream, sink, listener, events.sendTimeout());
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
  }

  /**
   * Sends the messages over MLLP on the schedule, waits until the stream has written every stored
   * one, and measures their latency.
   *
   * @param name names the burst in errors
   * @param messages the messages to send, cycled through, each with a control id of its own
   * @param schedule the rate and duration
   * @param drain how long to wait, after the last send, for the stream to write them
   * @throws org.carelake.core.CarelakeException when a message is not stored, or the stream does
   *     not write them all in time
   */
  public Burst send(String name, List<String> messages, RateSchedule schedule, Duration drain) {
    Hl7Stream.Totals before = stream.totals();
    int commitsBefore = stream.commits().size();
    String run = EventSimulator.runId(Instant.now());
    EventSimulator.Tally tally;
    Instant firstSend = Instant.now();
    try (EventSimulator.Transport mllp =
        EventSimulator.Transport.mllp("127.0.0.1", listener.port(), sendTimeout.plusSeconds(5))) {
      tally =
          new EventSimulator(
                  messages,
                  schedule,
                  EventSimulator.Pacer.system(new CountDownLatch(1)),
                  run,
                  Duration.ZERO,
                  counts -> {})
              .run(mllp);
    }
    long accepted = tally.count(EventSimulator.Outcome.ACCEPTED);
    if (accepted != tally.sent()) {
      throw Errors.streamBenchmarkNotAccepted(name, accepted, tally.sent());
    }
    long deadline = System.nanoTime() + drain.toNanos();
    List<Row> rows = List.of();
    while (true) {
      if (stream.totals().received() - before.received() >= accepted) {
        rows = arrivals(run);
        if (rows.size() >= accepted) {
          break;
        }
      }
      if (System.nanoTime() > deadline) {
        throw Errors.streamBenchmarkDidNotDrain(name, rows.size(), accepted, drain);
      }
      // Waiting on the stream itself rethrows a micro-batch's failure at once.
      stream.await(POLL);
    }
    List<Hl7Stream.Commit> commits = stream.commits();
    commits = commits.subList(commitsBefore, commits.size());
    List<StreamLatency.Arrival> arrivals =
        rows.stream()
            .map(
                row -> new StreamLatency.Arrival(row.getString(0), row.getTimestamp(1).toInstant()))
            .toList();
    Set<String> batches =
        arrivals.stream().map(StreamLatency.Arrival::runId).collect(Collectors.toSet());
    Instant lastCommit =
        commits.stream()
            .filter(commit -> batches.contains(commit.runId()))
            .map(Hl7Stream.Commit::committedAt)
            .max(Instant::compareTo)
            .orElse(firstSend);
    Hl7Stream.Totals after = stream.totals();
    return new Burst(
        tally,
        after.received() - before.received(),
        after.mapped() - before.mapped(),
        after.quarantinedMessages() - before.quarantinedMessages(),
        after.duplicates() - before.duplicates(),
        rows.size(),
        StreamLatency.of(commits, arrivals),
        Duration.between(firstSend, lastCommit).toNanos() / 1e9,
        batches.size());
  }

  /** The run id and receive time of the bronze rows of the simulator's run. */
  private List<Row> arrivals(String run) {
    return lake.spark()
        .read()
        .format("delta")
        .load(lake.paths().bronze("hl7", "messages"))
        .where(col("message_control_id").startsWith(run + "-"))
        .select("_run_id", "received_at")
        .collectAsList();
  }

  /** Stops the listener, letting it finish the message in hand, and closes its Kafka producer. */
  @Override
  public void close() {
    try {
      listener.close();
    } finally {
      sink.close();
    }
  }
}
