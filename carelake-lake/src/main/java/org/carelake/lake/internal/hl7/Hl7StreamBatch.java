package org.carelake.lake.internal.hl7;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.delta.exceptions.DeltaConcurrentModificationException;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.DeltaWrites;
import org.carelake.lake.internal.quarantine.QuarantineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch of HL7 events from Kafka: appended to bronze as received, then parsed, mapped,
 * validated and merged into silver by the batch path's own code ({@link Hl7SilverStep}), what does
 * not parse or map quarantined and sent to the dead-letter topic.
 *
 * <p><b>Exactly once.</b> Spark runs a micro-batch again after a crash when its end was not
 * checkpointed, so every write is idempotent by the batch: the bronze append and the quarantine
 * append carry Delta's transaction id (the query's id, the batch id) and are skipped when already
 * committed; silver merges by key, the latest version winning. A message resent by its sender (same
 * sender and control id, see {@link Hl7StreamBronze}) is stored once: the batch keeps the messages
 * bronze does not hold from another batch. Kafka's own transactions are not used. The dead-letter
 * topic is written at least once: a replayed batch sends its dead letters again, with the same
 * {@code carelake.event-key} header.
 *
 * <p>A write that conflicts with another writer of the same table (a batch run) is retried.
 */
public final class Hl7StreamBatch implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Hl7StreamBatch.class);
  private static final String QUERY_ID = "sql.streaming.queryId";
  private static final int ATTEMPTS = 5;

  /**
   * What one micro-batch did.
   *
   * @param batchId the micro-batch
   * @param runId the micro-batch's run id, in the {@code _run_id} of its bronze rows
   * @param received messages in the batch
   * @param duplicates messages bronze already held (resent)
   * @param silver what silver did with the others
   * @param millis how long the batch took
   * @param committedAt when the batch's last write (bronze, silver, quarantine, dead letters)
   *     returned: its Delta commits are done by then, a millisecond or so earlier
   */
  public record Outcome(
      long batchId,
      String runId,
      long received,
      long duplicates,
      Hl7SilverStep.Result silver,
      long millis,
      Instant committedAt) {}

  private final transient Lake lake;
  private final String streamName;
  private final Map<String, String> kafkaOptions;
  private final String deadLetterTopic;
  private final transient Consumer<Outcome> listener;

  /**
   * The micro-batch function of a stream.
   *
   * @param lake the lake
   * @param streamName names the stream in run ids and writer ids
   * @param kafkaOptions the Kafka options of Spark's Kafka sink ({@code kafka.}-prefixed)
   * @param deadLetterTopic where messages that do not parse or map are sent
   * @param listener told each batch's outcome
   */
  public Hl7StreamBatch(
      Lake lake,
      String streamName,
      Map<String, String> kafkaOptions,
      String deadLetterTopic,
      Consumer<Outcome> listener) {
    this.lake = lake;
    this.streamName = streamName;
    this.kafkaOptions = Map.copyOf(kafkaOptions);
    this.deadLetterTopic = deadLetterTopic;
    this.listener = listener;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    long started = System.nanoTime();
    SparkSession spark = batch.sparkSession();
    String queryId = spark.sparkContext().getLocalProperty(QUERY_ID);
    String writer = streamName + "-" + (queryId == null ? "query" : queryId);
    String runId = "stream-" + streamName + "-" + batchId;
    for (int attempt = 1; ; attempt++) {
      try {
        Outcome outcome = write(spark, batch, batchId, writer, runId, started);
        if (outcome.received() > 0) {
          LOG.info(
              "event=hl7_stream_batch stream={} batch={} received={} duplicates={} mapped={}"
                  + " messages_quarantined={} records_quarantined={} upserted={} millis={}",
              streamName,
              batchId,
              outcome.received(),
              outcome.duplicates(),
              outcome.silver().mapped(),
              outcome.silver().quarantinedMessages(),
              outcome.silver().quarantinedRecords(),
              outcome.silver().upsertedRows(),
              outcome.millis());
        }
        listener.accept(outcome);
        return;
      } catch (DeltaConcurrentModificationException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "event=hl7_stream_conflict stream={} batch={} attempt={} reason={}",
            streamName,
            batchId,
            attempt,
            e.getClass().getSimpleName());
      }
    }
  }

  private Outcome write(
      SparkSession spark,
      Dataset<Row> batch,
      long batchId,
      String writer,
      String runId,
      long started) {
    LakePaths paths = lake.paths();
    Dataset<Row> rows = Hl7StreamBronze.apply(batch, runId).localCheckpoint();
    long received = rows.count();
    if (received == 0) {
      return new Outcome(
          batchId, runId, 0, 0, Hl7SilverStep.Result.none(), millis(started), Instant.now());
    }
    String bronzePath = Hl7BronzeStep.path(paths);
    Dataset<Row> fresh = rows.dropDuplicates("event_key");
    if (DeltaTable.isDeltaTable(spark, bronzePath)) {
      Dataset<Row> bronze = spark.read().format("delta").load(bronzePath);
      if (Arrays.asList(bronze.columns()).contains("event_key")) {
        Dataset<Row> known =
            bronze
                .where(col("event_key").isNotNull().and(col("_run_id").notEqual(runId)))
                .select(col("event_key").as("known_event_key"));
        fresh =
            fresh.join(
                known, fresh.col("event_key").equalTo(known.col("known_event_key")), "left_anti");
      }
    }
    fresh = fresh.localCheckpoint();
    long kept = fresh.count();
    if (kept > 0) {
      DeltaWrites.appendOnce(fresh, bronzePath, "carelake-stream-bronze-" + writer, batchId);
    }
    Hl7SilverStep.Result silver =
        kept == 0
            ? Hl7SilverStep.Result.none()
            : Hl7SilverStep.apply(
                spark,
                paths,
                fresh,
                kept,
                new QuarantineSink(paths, "hl7-stream-" + writer, batchId),
                deadLetters -> sendDeadLetters(deadLetters, runId));
    return new Outcome(
        batchId, runId, received, received - kept, silver, millis(started), Instant.now());
  }

  /** Sends the messages quarantined whole to the dead-letter topic, with their reasons. */
  private void sendDeadLetters(Dataset<Row> deadLetters, String runId) {
    deadLetters
        .select(
            coalesce(col("control_id"), lit("")).as("key"),
            encode(col("raw_text"), "UTF-8").as("value"),
            array(
                    header("carelake.reason", concat_ws("\n", col("reasons"))),
                    header("carelake.source-position", col("source_position")),
                    header("carelake.run-id", lit(runId)))
                .as("headers"))
        .write()
        .format("kafka")
        .options(kafkaOptions)
        .option("topic", deadLetterTopic)
        .save();
  }

  private static org.apache.spark.sql.Column header(
      String name, org.apache.spark.sql.Column value) {
    return struct(lit(name).as("key"), encode(coalesce(value, lit("")), "UTF-8").as("value"));
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
