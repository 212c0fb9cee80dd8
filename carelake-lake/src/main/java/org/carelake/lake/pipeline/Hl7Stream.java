package org.carelake.lake.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.carelake.config.EventSettings;
import org.carelake.config.StreamSettings;
import org.carelake.lake.Lake;
import org.carelake.lake.internal.hl7.Hl7StreamBatch;

/**
 * HL7v2 events streamed from Kafka (or Event Hubs) into bronze and silver with Spark Structured
 * Streaming: each micro-batch is appended to bronze {@code hl7_messages} as received and goes
 * through the batch path's HL7 mapping and declared silver rules, exactly once (see {@link
 * Hl7StreamBatch}). The checkpoint is in the lake ({@link org.carelake.lake.LakePaths#checkpoint}),
 * so a restarted stream carries on where the last committed micro-batch ended.
 *
 * <p>Two triggers: {@link Options#availableNow()} reads what the topics hold and stops (catch-up,
 * tests); otherwise a micro-batch starts every trigger interval until {@link #stop()}.
 */
public final class Hl7Stream implements AutoCloseable {
  /** The stream's name, in its checkpoint's folder and its writers' ids. */
  public static final String NAME = "hl7";

  /**
   * How to read Kafka.
   *
   * @param kafka the Kafka client properties (bootstrap servers, security), without prefix
   * @param topics the event topics to read
   * @param deadLetterTopic where messages that do not parse or map are sent
   * @param availableNow read what the topics hold, then stop
   * @param triggerInterval how often a micro-batch starts when not {@code availableNow}
   * @param maxMessagesPerBatch the most messages a micro-batch reads
   */
  public record Options(
      Map<String, String> kafka,
      List<String> topics,
      String deadLetterTopic,
      boolean availableNow,
      Duration triggerInterval,
      long maxMessagesPerBatch) {
    /** Options, their collections copied. */
    public Options {
      kafka = Map.copyOf(kafka);
      topics = List.copyOf(topics);
    }

    /**
     * Options to run as a service: a micro-batch every {@code stream.trigger-interval} until
     * stopped.
     *
     * @param kafka the Kafka client properties
     * @param events the event topics and the dead-letter topic
     * @param stream the trigger interval and the most messages per micro-batch
     */
    public static Options asService(
        Map<String, String> kafka, EventSettings events, StreamSettings stream) {
      return new Options(
          kafka,
          events.eventTopics(),
          events.deadLetterTopic(),
          false,
          stream.triggerInterval(),
          stream.maxMessagesPerBatch());
    }

    /**
     * Options to read what the topics hold, in micro-batches, and stop.
     *
     * @param kafka the Kafka client properties
     * @param events the event topics and the dead-letter topic
     * @param stream the most messages per micro-batch
     */
    public static Options untilCaughtUp(
        Map<String, String> kafka, EventSettings events, StreamSettings stream) {
      return new Options(
          kafka,
          events.eventTopics(),
          events.deadLetterTopic(),
          true,
          stream.triggerInterval(),
          stream.maxMessagesPerBatch());
    }
  }

  /**
   * Messages seen since the stream started.
   *
   * @param batches micro-batches that held messages
   * @param received messages received
   * @param duplicates messages bronze already held (resent by their sender)
   * @param mapped messages mapped into silver
   * @param quarantinedMessages messages quarantined whole (and sent to the dead-letter topic)
   * @param quarantinedRecords records of mapped messages quarantined
   * @param upserted rows merged into silver
   */
  public record Totals(
      long batches,
      long received,
      long duplicates,
      long mapped,
      long quarantinedMessages,
      long quarantinedRecords,
      long upserted) {
    /** Whether every received message is in silver, in quarantine or a known duplicate. */
    public boolean balances() {
      return received == duplicates + mapped + quarantinedMessages;
    }
  }

  /**
   * One micro-batch that held messages, committed.
   *
   * @param batchId the micro-batch's id in the query
   * @param runId its run id, in the {@code _run_id} of the bronze rows it wrote
   * @param received the messages it held
   * @param committedAt when its last write returned: bronze, silver, quarantine and dead letters
   *     were committed by then (a millisecond or so earlier), before Spark checkpointed the batch
   */
  public record Commit(long batchId, String runId, long received, Instant committedAt) {}

  private final StreamingQuery query;
  private final List<Commit> commits;
  private final AtomicLong batches;
  private final AtomicLong received;
  private final AtomicLong duplicates;
  private final AtomicLong mapped;
  private final AtomicLong quarantinedMessages;
  private final AtomicLong quarantinedRecords;
  private final AtomicLong upserted;

  private Hl7Stream(StreamingQuery query, AtomicLong[] counters, List<Commit> commits) {
    this.query = query;
    this.commits = commits;
    this.batches = counters[0];
    this.received = counters[1];
    this.duplicates = counters[2];
    this.mapped = counters[3];
    this.quarantinedMessages = counters[4];
    this.quarantinedRecords = counters[5];
    this.upserted = counters[6];
  }

  /**
   * Starts the stream on a lake. It runs on Spark's threads; {@link #await} or {@link #stop} it.
   *
   * @param lake the lake
   * @param options where and how to read
   */
  public static Hl7Stream start(Lake lake, Options options) {
    Map<String, String> kafka = new LinkedHashMap<>();
    options.kafka().forEach((key, value) -> kafka.put("kafka." + key, value));
    AtomicLong[] counters = new AtomicLong[7];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new AtomicLong();
    }
    List<Commit> commits = new CopyOnWriteArrayList<>();
    Hl7StreamBatch batch =
        new Hl7StreamBatch(
            lake,
            NAME,
            kafka,
            options.deadLetterTopic(),
            outcome -> {
              if (outcome.received() == 0) {
                return;
              }
              counters[0].incrementAndGet();
              counters[1].addAndGet(outcome.received());
              counters[2].addAndGet(outcome.duplicates());
              counters[3].addAndGet(outcome.silver().mapped());
              counters[4].addAndGet(outcome.silver().quarantinedMessages());
              counters[5].addAndGet(outcome.silver().quarantinedRecords());
              counters[6].addAndGet(outcome.silver().upsertedRows());
              commits.add(
                  new Commit(
                      outcome.batchId(),
                      outcome.runId(),
                      outcome.received(),
                      outcome.committedAt()));
            });
    // The declared rules' functions, as a batch run registers them.
    org.carelake.lake.silver.StandardFunctions.register(lake.spark());
    org.carelake.lake.terminology.CodeSets.register(lake.spark(), lake.config());
    DataStreamWriter<org.apache.spark.sql.Row> writer =
        lake.spark()
            .readStream()
            .format("kafka")
            .options(kafka)
            .option("subscribe", String.join(",", options.topics()))
            .option("startingOffsets", "earliest")
            .option("maxOffsetsPerTrigger", options.maxMessagesPerBatch())
            .load()
            .writeStream()
            .queryName("carelake-" + NAME)
            .option("checkpointLocation", lake.paths().checkpoint(NAME))
            .foreachBatch(batch)
            .trigger(
                options.availableNow()
                    ? Trigger.AvailableNow()
                    : Trigger.ProcessingTime(options.triggerInterval().toMillis()));
    try {
      return new Hl7Stream(writer.start(), counters, commits);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the HL7 stream did not start in time", e);
    }
  }

  /** The messages seen since the stream started. */
  public Totals totals() {
    return new Totals(
        batches.get(),
        received.get(),
        duplicates.get(),
        mapped.get(),
        quarantinedMessages.get(),
        quarantinedRecords.get(),
        upserted.get());
  }

  /**
   * The micro-batches that held messages, in the order they committed, since the stream started.
   * Cost: a copy of the list, one entry per batch.
   */
  public List<Commit> commits() {
    return List.copyOf(commits);
  }

  /** Whether the stream still runs. */
  public boolean isActive() {
    return query.isActive();
  }

  /**
   * Waits until the stream ends (an available-now stream once it caught up) or fails.
   *
   * @throws org.carelake.core.CarelakeException wrapping the micro-batch's failure
   */
  public void await() {
    try {
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      throw failure(e);
    }
  }

  /**
   * Waits at most the given time for the stream to end.
   *
   * @return whether it ended
   */
  public boolean await(Duration timeout) {
    try {
      return query.awaitTermination(timeout.toMillis());
    } catch (StreamingQueryException e) {
      throw failure(e);
    }
  }

  /**
   * Stops the stream. A micro-batch cut short is not checkpointed, and the next start replays it:
   * nothing is lost or stored twice.
   */
  public void stop() {
    try {
      query.stop();
    } catch (TimeoutException e) {
      throw new IllegalStateException("the HL7 stream did not stop in time", e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static RuntimeException failure(StreamingQueryException e) {
    Throwable cause = e.cause() == null ? e : e.cause();
    return cause instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException("the HL7 stream failed", cause);
  }
}
