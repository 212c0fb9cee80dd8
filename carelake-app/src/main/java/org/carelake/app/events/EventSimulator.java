package org.carelake.app.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends HL7 v2 messages at a steady rate, as a source EHR's interface engine would, for demos and
 * load tests of the listener and the stream.
 *
 * <p>Input: the messages to send (cycled through in order when the run needs more) and a {@link
 * RateSchedule}. Message {@code i} is sent at {@code start + i / rate} by absolute time; a send
 * that takes longer than the interval delays the next ones, which then go out back to back until
 * the stream has caught up, and the {@link Tally} says how late it got ({@link Tally#behind()},
 * {@link Tally#maxLagNanos()}).
 *
 * <p>Each sent message gets its own control id (MSH-10), {@code <run>-<n>}: the run id ({@link
 * #runId(Instant)}, {@code S} and the start time in milliseconds, base 36) and the message's number
 * in the run from 1. A stream deduplicates by sender and control id, so a message cycled through
 * twice, or sent again by a later run, is stored as a new event rather than collapsed with the
 * first. The id is at most 20 characters for the first 10^10 messages of a run, the length HL7
 * v2.5.1 gives MSH-10.
 *
 * <p>Side effects: the transport's (Kafka records, MLLP exchanges), and a progress call every
 * {@code progressEvery}. One thread; the run stops early when the {@link Pacer} says so.
 */
public final class EventSimulator {
  /** What became of one sent message. */
  public enum Outcome {
    /** Stored: acknowledged AA by the listener, or stored in Kafka with acks=all. */
    ACCEPTED,
    /** Answered AE (application error) by the listener: not stored. */
    ERROR,
    /** Answered AR (application reject) by the listener, or refused by the admission. */
    REJECTED,
    /** Not known to be stored: the connection failed, no answer came, or Kafka did not store it. */
    FAILED
  }

  /** Where the simulator sends its messages. */
  public interface Transport extends AutoCloseable {
    /**
     * Sends one message and waits for its outcome.
     *
     * <p>Cost: one acknowledged exchange (an MLLP round trip, or a Kafka store with acks=all).
     * Never throws for a message that could not be sent: that is {@link Outcome#FAILED}.
     */
    Outcome send(SimulatedMessage message);

    /** Releases the connection. */
    @Override
    void close();

    /**
     * Stores each message in Kafka on the topic and under the key the listener would give it.
     *
     * @param sink the store, with {@code acks=all}
     * @param admission the listener's routing: the topic of the family, the patient's MRN as key
     * @param clock stamps the records' receive time
     */
    static Transport kafka(KafkaEventSink sink, MessageAdmission admission, Clock clock) {
      return new KafkaTransport(sink, admission, clock);
    }

    /**
     * Sends each message over MLLP to a listener and reads its acknowledgement; a failed connection
     * is opened again for the next message.
     *
     * @param host the listener's address
     * @param port its port
     * @param timeout how long connecting and each acknowledgement may take
     * @throws org.carelake.core.CarelakeException when no listener accepts the first connection
     */
    static Transport mllp(String host, int port, Duration timeout) {
      return new MllpTransport(host, port, timeout);
    }
  }

  /** The simulator's time: a monotonic clock and a wait that a stop request ends. */
  public interface Pacer {
    /** Now, in nanoseconds on a monotonic scale. */
    long nanoTime();

    /**
     * Waits until {@code nanoTime} is reached, or returns at once when it has passed.
     *
     * @return false when the run is to stop
     */
    boolean awaitUntil(long nanoTime);

    /** The system's monotonic clock; counting {@code stop} down ends the run. */
    static Pacer system(CountDownLatch stop) {
      return new Pacer() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public boolean awaitUntil(long nanoTime) {
          long wait = nanoTime - System.nanoTime();
          try {
            return wait <= 0 ? stop.getCount() > 0 : !stop.await(wait, TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
      };
    }
  }

  /**
   * The counts of a run so far.
   *
   * @param sent messages handed to the transport
   * @param elapsedNanos from the start to the end of the last send (or to now, in progress)
   * @param byType sent messages by type ({@code ADT^A01}), sorted
   * @param byOutcome sent messages by outcome
   * @param maxLagNanos the longest a send started after its due time
   * @param lastLagNanos how long after its due time the last send started
   * @param schedule the schedule of the run
   */
  public record Tally(
      long sent,
      long elapsedNanos,
      Map<String, Long> byType,
      Map<Outcome, Long> byOutcome,
      long maxLagNanos,
      long lastLagNanos,
      RateSchedule schedule) {

    /** The messages of this outcome. */
    public long count(Outcome outcome) {
      return byOutcome.getOrDefault(outcome, 0L);
    }

    /** Whether every sent message was accepted. */
    public boolean allAccepted() {
      return count(Outcome.ACCEPTED) == sent;
    }

    /** Messages per second, from the start to the end of the last send. */
    public double achievedRate() {
      return elapsedNanos <= 0 ? 0 : sent * 1e9 / elapsedNanos;
    }

    /**
     * Whether the run ended behind its schedule: its last send started later than its due time by
     * more than one interval and at least 100 ms. A run that was late for a while (a pause, a slow
     * first send) and caught up is not behind; {@link #maxLagNanos()} tells how late it got.
     */
    public boolean behind() {
      return lastLagNanos > tolerance();
    }

    /** Whether some send started later than its due time by more than the tolerance. */
    public boolean lateAtTimes() {
      return maxLagNanos > tolerance();
    }

    private long tolerance() {
      return Math.max(schedule.intervalNanos(), 100_000_000L);
    }

    /** The counts by type as {@code ADT^A01 12, ORU^R01 3}. */
    public String typesLine() {
      StringBuilder line = new StringBuilder();
      byType.forEach(
          (type, count) ->
              line.append(line.length() == 0 ? "" : ", ")
                  .append(type)
                  .append(' ')
                  .append(String.format(Locale.ROOT, "%,d", count)));
      return line.length() == 0 ? "none" : line.toString();
    }
  }

  private final List<String> messages;
  private final RateSchedule schedule;
  private final Pacer pacer;
  private final String runId;
  private final Duration progressEvery;
  private final Consumer<Tally> progress;

  /**
   * A simulator.
   *
   * @param messages the HL7 v2 messages to send, in order, cycled through; at least one
   * @param schedule the rate and duration
   * @param pacer the clock and the stop request
   * @param runId the run's id, the prefix of every control id ({@link #runId(Instant)})
   * @param progressEvery how often to report progress; zero for never
   * @param progress receives the counts so far
   */
  public EventSimulator(
      List<String> messages,
      RateSchedule schedule,
      Pacer pacer,
      String runId,
      Duration progressEvery,
      Consumer<Tally> progress) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("the simulator needs at least one message");
    }
    this.messages = List.copyOf(messages);
    this.schedule = schedule;
    this.pacer = pacer;
    this.runId = runId;
    this.progressEvery = progressEvery;
    this.progress = progress;
  }

  /** The id of a run started at {@code start}: {@code S} and its epoch milliseconds, base 36. */
  public static String runId(Instant start) {
    return "S" + Long.toString(start.toEpochMilli(), 36).toUpperCase(Locale.ROOT);
  }

  /**
   * Sends the schedule's messages through the transport, each at its due time, until all are sent
   * or the pacer says stop.
   *
   * @return the counts of the run
   */
  public Tally run(Transport transport) {
    Counts counts = new Counts();
    long every = progressEvery.toNanos();
    long start = pacer.nanoTime();
    long nextProgress = start + every;
    long total = schedule.messages();
    long end = start;
    boolean stopped = false;
    for (long index = 0; index < total && !stopped; index++) {
      long due = start + schedule.dueNanos(index);
      while (true) {
        long now = pacer.nanoTime();
        if (every > 0 && now >= nextProgress) {
          progress.accept(counts.tally(now - start));
          while (nextProgress <= now) {
            nextProgress += every;
          }
        }
        long until = every > 0 ? Math.min(due, nextProgress) : due;
        if (!pacer.awaitUntil(until)) {
          stopped = true;
          break;
        }
        if (pacer.nanoTime() >= due) {
          break;
        }
      }
      if (stopped) {
        end = pacer.nanoTime();
        break;
      }
      counts.lastLag = pacer.nanoTime() - due;
      counts.maxLag = Math.max(counts.maxLag, counts.lastLag);
      SimulatedMessage message =
          stamp(messages.get((int) (index % messages.size())), runId + "-" + (index + 1));
      Outcome outcome = transport.send(message);
      counts.sent++;
      counts.byType.merge(message.messageType(), 1L, Long::sum);
      counts.byOutcome.merge(outcome, 1L, Long::sum);
      end = pacer.nanoTime();
    }
    return counts.tally(end - start);
  }

  /**
   * The message with its MSH-10 replaced by {@code controlId}, and its type (MSH-9.1 and MSH-9.2).
   */
  static SimulatedMessage stamp(String message, String controlId) {
    int segmentEnd = message.indexOf('\r');
    String msh = segmentEnd < 0 ? message : message.substring(0, segmentEnd);
    String rest = segmentEnd < 0 ? "" : message.substring(segmentEnd);
    String[] fields = msh.split("\\|", -1);
    if (!msh.startsWith("MSH|") || fields.length < 12) {
      throw new IllegalArgumentException("a simulated message starts with a whole MSH segment");
    }
    // fields[0] is the segment name and fields[1] MSH-2, so MSH-n is fields[n - 1].
    fields[9] = controlId;
    String[] type = fields[8].split("\\^", -1);
    String messageType = type.length > 1 ? type[0] + "^" + type[1] : type[0];
    return new SimulatedMessage(String.join("|", fields) + rest, controlId, messageType);
  }

  private final class Counts {
    long sent;
    long maxLag;
    long lastLag;
    final Map<String, Long> byType = new TreeMap<>();
    final Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);

    Tally tally(long elapsed) {
      return new Tally(
          sent,
          elapsed,
          Collections.unmodifiableMap(new TreeMap<>(byType)),
          Collections.unmodifiableMap(new EnumMap<>(byOutcome)),
          maxLag,
          lastLag,
          schedule);
    }
  }
}
