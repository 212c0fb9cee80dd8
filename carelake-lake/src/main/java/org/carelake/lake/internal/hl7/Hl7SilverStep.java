package org.carelake.lake.internal.hl7;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.quarantine.QuarantineSink;
import org.carelake.lake.internal.silver.DiagnosesEntity;
import org.carelake.lake.internal.silver.SilverSink;
import org.carelake.lake.internal.silver.SilverStage;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and maps the run's bronze HL7 messages ({@link Hl7SilverStage}) and merges them into
 * silver by business key (the latest MSH-7 wins, as the database path's latest {@code updated_at}
 * does). Every record passes the declared rules of {@link EhrEntities}; messages with errors, and
 * the records of mapped messages that could not be mapped or break a rule, go to quarantine with
 * their located reasons, appended once per run.
 *
 * <p>Idempotent: the merges are keyed and the quarantine append carries the run's sequence as its
 * transaction version.
 */
public final class Hl7SilverStep implements Step {
  private static final Logger LOG = LoggerFactory.getLogger(Hl7SilverStep.class);

  /** The name of the step. */
  public static final StepName NAME = StepName.of("silver", "hl7");

  /**
   * The declared entity of each HL7 target: HL7 rows pass the rules of the database path. A sparse
   * patient of an ORU or SIU PID passes them (a missing birth date or name is a warning), and a
   * diagnosis keeps the code and coding system as sent, whatever the system.
   */
  private static final Map<Hl7SilverStage.Target, SilverEntity> DECLARED =
      Map.of(
          Hl7SilverStage.Target.PATIENTS, EhrEntities.PATIENTS,
          Hl7SilverStage.Target.ENCOUNTERS, EhrEntities.ENCOUNTERS,
          Hl7SilverStage.Target.DIAGNOSES, DiagnosesEntity.WITH_SOURCE_CODES,
          Hl7SilverStage.Target.APPOINTMENTS, EhrEntities.APPOINTMENTS,
          Hl7SilverStage.Target.LAB_RESULTS, EhrEntities.LAB_RESULTS);

  /**
   * What the step did with the run's messages.
   *
   * @param received the run's bronze messages
   * @param mapped messages mapped (some of their records may still be quarantined)
   * @param quarantinedMessages messages quarantined whole (they do not parse or map)
   * @param quarantinedRecords records of mapped messages quarantined (unmappable or breaking a
   *     declared rule)
   * @param upserted rows merged into silver, per silver table
   */
  public record Result(
      long received,
      long mapped,
      long quarantinedMessages,
      long quarantinedRecords,
      Map<String, Long> upserted)
      implements StepResult {
    /** A result, its per-table counts copied in table order. */
    public Result {
      upserted = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(upserted));
    }

    /** Nothing received. */
    public static Result none() {
      Map<String, Long> upserted = new LinkedHashMap<>();
      for (Hl7SilverStage.Target target : Hl7SilverStage.Target.values()) {
        upserted.put(target.table(), 0L);
      }
      return new Result(0, 0, 0, 0, upserted);
    }

    /** The result of a step as the run history recorded it. */
    public static Result of(StepRecord step) {
      Map<String, Long> upserted = new LinkedHashMap<>();
      for (Hl7SilverStage.Target target : Hl7SilverStage.Target.values()) {
        upserted.put(target.table(), step.count("upserted_" + target.table()));
      }
      return new Result(
          step.count("received"),
          step.count("messages_mapped"),
          step.count("messages_quarantined"),
          step.count("records_quarantined"),
          upserted);
    }

    /** Rows merged into silver, all tables. */
    public long upsertedRows() {
      return upserted.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether every received message was mapped or quarantined. */
    public boolean balances() {
      return received == mapped + quarantinedMessages;
    }

    /**
     * The recorded counts. {@code upserted} and {@code quarantined} are the names every silver step
     * records, which {@code carelake status} and the run summary add up; {@code quarantined} counts
     * the messages and the records quarantined.
     */
    @Override
    public Map<String, Long> counts() {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("received", received);
      counts.put("messages_mapped", mapped);
      counts.put("messages_quarantined", quarantinedMessages);
      counts.put("records_quarantined", quarantinedRecords);
      counts.put("upserted", upsertedRows());
      counts.put("quarantined", quarantinedMessages + quarantinedRecords);
      upserted.forEach((table, rows) -> counts.put("upserted_" + table, rows));
      return counts;
    }

    @Override
    public String summary() {
      StringBuilder tables = new StringBuilder();
      upserted.forEach(
          (table, rows) -> {
            if (rows > 0) {
              tables.append(tables.length() == 0 ? "" : ", ").append(table).append(' ');
              tables.append(Counts.format(rows));
            }
          });
      return Counts.format(mapped)
          + " messages mapped, "
          + Counts.format(quarantinedMessages)
          + " quarantined; "
          + Counts.format(upsertedRows())
          + " rows upserted"
          + (tables.length() == 0 ? "" : " (" + tables + ")")
          + ", "
          + Counts.format(quarantinedRecords)
          + " records quarantined";
    }
  }

  private final Lake lake;

  /** The silver step of a lake's HL7 messages. */
  public Hl7SilverStep(Lake lake) {
    this.lake = lake;
  }

  @Override
  public StepName name() {
    return NAME;
  }

  @Override
  public List<StepName> dependsOn() {
    return List.of(Hl7BronzeStep.NAME);
  }

  @Override
  public String description() {
    return "parse and map the run's bronze HL7 messages; MERGE into silver patients, encounters,"
        + " diagnoses, appointments and lab_results; quarantine what does not map or breaks a"
        + " declared rule";
  }

  @Override
  public String label() {
    return "silver from hl7";
  }

  @Override
  public Result run(RunContext context) {
    long received = context.count(Hl7BronzeStep.NAME, "rows");
    if (received == 0) {
      return Result.none();
    }
    SparkSession spark = lake.spark();
    LakePaths paths = lake.paths();
    Dataset<Row> bronze =
        spark
            .read()
            .format("delta")
            .load(Hl7BronzeStep.path(paths))
            .where(col("_run_id").equalTo(context.runId()));
    return apply(
        spark,
        paths,
        bronze,
        received,
        new QuarantineSink(paths, "hl7", context.sequence()),
        messages -> {});
  }

  /**
   * Parses once, then validates and merges each target that has records; the batch path and the
   * stream both come here, with their own quarantine writer, and the stream with its dead-letter
   * writer, which receives the messages quarantined whole ({@link Hl7SilverStage#deadLetters}).
   *
   * <p>The Spark jobs are few and fixed, whatever the number of messages: the readings are parsed
   * once into a local checkpoint (the messages spread over the session's cores) and counted by kind
   * in one aggregation; each target with records is validated into a local checkpoint, counted in
   * one aggregation (rows breaking a rule, keys kept) and merged; the quarantine is appended once.
   * Checkpoints also cut the plans short, which the patients' field-by-field window needs.
   *
   * <p>The targets write different tables, so they run side by side, on one thread more than the
   * session's cores: most of a target's time is the driver planning its jobs and committing to
   * Delta (about 17 short jobs each), which then overlaps with another target's tasks. The first
   * failure is thrown once every target has stopped; the quarantine is appended only when all
   * succeeded, and the run's retry merges again what was merged (a merge by key is idempotent).
   */
  static Result apply(
      SparkSession spark,
      LakePaths paths,
      Dataset<Row> bronze,
      long received,
      QuarantineSink quarantineSink,
      java.util.function.Consumer<Dataset<Row>> deadLetters) {
    int cores = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> readings = Hl7SilverStage.read(bronze.repartition(cores)).localCheckpoint();
    Hl7SilverStage.Counts counts = Hl7SilverStage.Counts.of(readings);
    Map<Hl7SilverStage.Target, Future<Outcome>> running =
        new EnumMap<>(Hl7SilverStage.Target.class);
    ExecutorService threads =
        Executors.newFixedThreadPool(
            Math.min(Hl7SilverStage.Target.values().length, cores + 1),
            task -> {
              Thread thread = new Thread(task, "carelake-hl7-silver");
              thread.setDaemon(true);
              return thread;
            });
    Dataset<Row> quarantine = Hl7SilverStage.quarantined(readings);
    Map<String, Long> upserted = new LinkedHashMap<>();
    long ruled = 0;
    try {
      for (Hl7SilverStage.Target target : Hl7SilverStage.Target.values()) {
        long records = counts.records().get(target);
        if (records > 0) {
          running.put(
              target, threads.submit(() -> silver(spark, paths, readings, target, records)));
        }
      }
      RuntimeException failed = null;
      for (Hl7SilverStage.Target target : Hl7SilverStage.Target.values()) {
        Future<Outcome> future = running.get(target);
        Outcome outcome;
        try {
          outcome = future == null ? Outcome.NONE : done(future);
        } catch (RuntimeException e) {
          if (failed == null) {
            failed = e;
          } else {
            failed.addSuppressed(e);
          }
          continue;
        }
        upserted.put(target.table(), outcome.upserted());
        ruled += outcome.quarantined();
        if (outcome.quarantine() != null) {
          quarantine = quarantine.unionByName(outcome.quarantine());
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      threads.shutdownNow();
    }
    if (counts.quarantined() + counts.rejected() + ruled > 0) {
      quarantineSink.write(quarantine);
    }
    if (counts.quarantined() > 0) {
      deadLetters.accept(Hl7SilverStage.deadLetters(readings));
    }
    return new Result(
        received, counts.mapped(), counts.quarantined(), counts.rejected() + ruled, upserted);
  }

  /**
   * What one target did.
   *
   * @param upserted rows merged into its silver table
   * @param quarantined rows that broke an error rule
   * @param quarantine those rows as quarantine records; null when there are none
   */
  private record Outcome(long upserted, long quarantined, Dataset<Row> quarantine) {
    static final Outcome NONE = new Outcome(0, 0, null);
  }

  /** The outcome of a target's task, its failure thrown as it was thrown. */
  private static Outcome done(Future<Outcome> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while HL7 silver merged its targets", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Validates one target's readings by its entity's declared rules and merges the valid rows into
   * its silver table.
   */
  private static Outcome silver(
      SparkSession spark,
      LakePaths paths,
      Dataset<Row> readings,
      Hl7SilverStage.Target target,
      long records) {
    long started = System.nanoTime();
    SilverEntity entity = DECLARED.get(target);
    // The entity's declared rules, as on the database path: typing, standardization,
    // validation; a row that breaks an error rule goes to quarantine with the rule's id.
    SilverStage stage = new SilverStage(entity);
    Dataset<Row> validated =
        Hl7SilverStage.withHl7Columns(
                stage.validate(Hl7SilverStage.asBronze(readings, target)),
                target,
                entity.typedColumns())
            .localCheckpoint();
    Column kept = functions.size(col("_errors")).equalTo(0).and(col("_pending").equalTo(false));
    Row tally =
        validated
            .agg(
                functions.sum(functions.when(kept, 0).otherwise(1)),
                functions.countDistinct(functions.when(kept, col(entity.keyColumn()))))
            .first();
    long broken = tally.isNullAt(0) ? 0 : tally.getLong(0);
    long rows = tally.getLong(1);
    Dataset<Row> quarantine =
        broken == 0
            ? null
            : Hl7SilverStage.located(stage.quarantined(validated))
                .withColumn("source_table", functions.lit(Hl7SilverStage.SOURCE_TABLE));
    if (rows > 0) {
      Dataset<Row> upserts =
          target == Hl7SilverStage.Target.PATIENTS
              ? Hl7SilverStage.latestFieldByField(
                  validated.where(kept),
                  List.copyOf(entity.typedColumns().keySet()),
                  entity.keyColumn())
              : stage.upserts(validated).drop("_deleted");
      String path = paths.silver(target.table());
      if (DeltaTable.isDeltaTable(spark, path)) {
        // Columns HL7 adds (the source's code system, all identifiers) join the table first.
        new SilverSink(spark, path, target.keyColumn()).addMissingColumns(upserts.schema());
        upserts = Hl7SilverStage.alignTo(upserts, DeltaTable.forPath(spark, path).toDF().schema());
      }
      if (target == Hl7SilverStage.Target.PATIENTS) {
        new Hl7PatientSink(spark).merge(upserts, path);
      } else {
        // The sink tells tombstones from upserts by _deleted; HL7 messages carry no deletions.
        new SilverSink(spark, path, target.keyColumn())
            .write(upserts.withColumn("_deleted", functions.lit(false)));
      }
    }
    LOG.info(
        "event=hl7_silver_target table={} records={} upserted={} quarantined={} millis={}",
        target.table(),
        records,
        rows,
        broken,
        (System.nanoTime() - started) / 1_000_000);
    return new Outcome(rows, broken, quarantine);
  }
}
