package org.carelake.lake.internal.silver;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.quarantine.QuarantineSink;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;

/**
 * One entity's silver step of a run: reads the context, applies the {@link SilverStage} to the
 * run's bronze increment and the rows still waiting, and writes the outcome: MERGE into silver,
 * quarantine records appended once per run, the pending table replaced. For patients it also keeps
 * the history (type 2) and assigns person ids.
 *
 * <p>Idempotent: the merges are keyed, the quarantine append carries the run's sequence as Delta
 * transaction version, and the pending rows are read as they stood before the run, so a resumed
 * step converges to the same tables.
 */
public final class SilverStep implements Step {
  /**
   * What a silver step did with the rows it evaluated: the run's bronze rows (received) and the
   * rows held by earlier runs (retried) are each upserted, quarantined, collapsed as duplicates,
   * applied as tombstones or left pending.
   *
   * @param received the run's bronze rows of the entity's table
   * @param retried pending rows of earlier runs evaluated again
   * @param upserted rows merged into silver
   * @param quarantined rows that broke an error rule
   * @param duplicates older versions of a key collapsed into its latest
   * @param tombstones deletions applied
   * @param pending rows waiting for a parent
   * @param warnings warning-rule failures (the rows pass)
   * @param matched for patients, the patients whose person id is another patient's
   */
  public record Result(
      long received,
      long retried,
      long upserted,
      long quarantined,
      long duplicates,
      long tombstones,
      long pending,
      long warnings,
      long matched)
      implements StepResult {
    /** Nothing to do. */
    static final Result NONE = new Result(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The result of a step as the run history recorded it. */
    public static Result of(StepRecord step) {
      return new Result(
          step.count("received"),
          step.count("retried"),
          step.count("upserted"),
          step.count("quarantined"),
          step.count("duplicates"),
          step.count("tombstones"),
          step.count("pending"),
          step.count("warnings"),
          step.count("matched"));
    }

    /** Whether every evaluated row is accounted for. */
    public boolean balances() {
      return received + retried == upserted + quarantined + duplicates + tombstones + pending;
    }

    @Override
    public Map<String, Long> counts() {
      return Counts.of(
          "received", received,
          "retried", retried,
          "upserted", upserted,
          "quarantined", quarantined,
          "duplicates", duplicates,
          "tombstones", tombstones,
          "pending", pending,
          "warnings", warnings,
          "matched", matched);
    }

    @Override
    public String summary() {
      return Counts.format(upserted)
          + " upserted, "
          + Counts.format(quarantined)
          + " quarantined, "
          + Counts.format(duplicates)
          + " duplicates, "
          + Counts.format(tombstones)
          + " deleted, "
          + Counts.format(pending)
          + " pending";
    }
  }

  private final Lake lake;
  private final SilverEntity entity;
  private final ZoneId zone;
  private final Duration gracePeriod;

  /**
   * The silver step of an entity.
   *
   * @param lake the lake
   * @param entity the entity
   * @param zone the source's time zone, for timestamps written without one
   * @param gracePeriod how long a row may wait for its parent before it is quarantined
   */
  public SilverStep(Lake lake, SilverEntity entity, ZoneId zone, Duration gracePeriod) {
    this.lake = lake;
    this.entity = entity;
    this.zone = zone;
    this.gracePeriod = gracePeriod;
  }

  /** The source table an entity comes from ({@code ehr.patients} gives {@code patients}). */
  public static String sourceTableOf(SilverEntity entity) {
    return entity.sourceTable().substring(entity.sourceTable().indexOf('.') + 1);
  }

  @Override
  public StepName name() {
    return StepName.of("silver", entity.name());
  }

  @Override
  public List<StepName> dependsOn() {
    List<StepName> dependencies = new ArrayList<>(List.of(bronze(entity)));
    entity
        .references()
        .forEach(reference -> add(dependencies, StepName.of("silver", reference.parent())));
    entity.lookups().stream()
        .flatMap(lookup -> lookup.reads().stream())
        .map(read -> EhrEntities.named(read).orElseThrow())
        .forEach(read -> add(dependencies, bronze(read)));
    return List.copyOf(dependencies);
  }

  private static StepName bronze(SilverEntity entity) {
    return StepName.of("bronze", sourceTableOf(entity));
  }

  private static void add(List<StepName> list, StepName item) {
    if (!list.contains(item)) {
      list.add(item);
    }
  }

  @Override
  public String description() {
    return "validate, type and deduplicate the run's bronze rows; MERGE into silver/"
        + entity.name()
        + ", apply tombstones, quarantine what breaks an error rule, hold what waits"
        + " for a parent in pending/"
        + entity.name();
  }

  @Override
  public Result run(RunContext context) {
    SparkSession spark = lake.spark();
    String runId = context.runId();
    return apply(
        spark,
        lake.paths(),
        runId,
        context.sequence(),
        context.startedAt(),
        table ->
            context.count(StepName.of("bronze", table), "rows") == 0
                ? Optional.empty()
                : Optional.of(
                    spark
                        .read()
                        .format("delta")
                        .load(lake.paths().bronze(LakePaths.EHR, table))
                        .where(col("_run_id").equalTo(runId))));
  }

  /**
   * Runs the step on explicit inputs.
   *
   * @param spark the session
   * @param paths the lake's paths
   * @param runId the run
   * @param sequence the run's sequence number (the quarantine append's transaction version)
   * @param asOf the run's start: pending rows' waits are measured up to it
   * @param bronzeIncrement the run's bronze rows of a source table, when it has any
   */
  Result apply(
      SparkSession spark,
      LakePaths paths,
      String runId,
      long sequence,
      Instant asOf,
      Function<String, Optional<Dataset<Row>>> bronzeIncrement) {
    Optional<Dataset<Row>> increment = bronzeIncrement.apply(entity.table());
    String pendingPath = paths.pending(entity.name());
    if (increment.isEmpty() && !DeltaTable.isDeltaTable(spark, pendingPath)) {
      return Result.NONE;
    }
    SilverContext context =
        new SilverContextSource(spark, paths, zone)
            .context(entity, runId, asOf, gracePeriod, bronzeIncrement);
    if (increment.isEmpty() && context.pendingRows().isEmpty()) {
      return Result.NONE;
    }
    Dataset<Row> bronze =
        increment.orElseGet(
            () -> context.pendingRows().get().drop("_pending_since", "_waiting_for").limit(0));
    SilverStage stage = new SilverStage(entity, zone);
    Dataset<Row> validated = stage.validate(bronze, context).persist();
    try {
      SilverStage.Counts result = stage.count(validated);
      boolean patients = entity.name().equals(EhrEntities.PATIENTS.name());
      Dataset<Row> upserts = stage.upserts(validated);
      String path = paths.silver(entity.name());
      SilverSink sink = new SilverSink(spark, path, entity.keyColumn());
      Dataset<Row> persons = null;
      long matched = 0;
      if (patients) {
        // Before person matching reads the stored patients: a table written before the entity
        // gained a column (person_id) gains it first, so the read and the merge see the same
        // schema. Other entities gain theirs in the merge.
        sink.addMissingColumns(upserts.drop("_deleted").schema());
        persons = persons(spark, paths, upserts).persist();
        upserts = withPersons(upserts, persons);
      }
      boolean existed = DeltaTable.isDeltaTable(spark, path);
      sink.write(upserts);
      if (patients) {
        if (existed) {
          sink.assignPersons(persons);
        }
        matched = persons.where("person_id <> patient_id").count();
        persons.unpersist();
        history(spark, paths, stage, validated);
      }
      if (result.quarantined() > 0) {
        new QuarantineSink(paths, entity.name(), sequence).write(stage.quarantined(validated));
      }
      new PendingSink(spark, pendingPath, runId).write(stage.pending(validated));
      return new Result(
          result.received(),
          result.retried(),
          result.upserted(),
          result.quarantined(),
          result.duplicates(),
          result.tombstones(),
          result.pending(),
          result.warnings(),
          matched);
    } finally {
      validated.unpersist();
    }
  }

  /**
   * The person id of every patient silver will hold after the merge: the stored patients the
   * increment does not replace, and the increment's.
   */
  private static Dataset<Row> persons(SparkSession spark, LakePaths paths, Dataset<Row> upserts) {
    String path = paths.silver(EhrEntities.PATIENTS.name());
    List<Column> columns = new ArrayList<>();
    EhrEntities.PATIENTS.typedColumns().keySet().forEach(name -> columns.add(col(name)));
    Dataset<Row> live =
        upserts.where(col("_deleted").equalTo(false)).select(columns.toArray(Column[]::new));
    Dataset<Row> all = live;
    if (DeltaTable.isDeltaTable(spark, path)) {
      Dataset<Row> stored = spark.read().format("delta").load(path);
      Dataset<Row> keys = upserts.select(col("patient_id").as("_replaced"));
      all =
          stored
              .join(keys, stored.col("patient_id").equalTo(keys.col("_replaced")), "left_anti")
              .select(columns.toArray(Column[]::new))
              .unionByName(live);
    }
    return new PersonMatcher(spark).persons(all);
  }

  /** The upserts with their person ids, in the entity's column order. */
  private static Dataset<Row> withPersons(Dataset<Row> upserts, Dataset<Row> persons) {
    Dataset<Row> ids =
        persons.select(col("patient_id").as("_person_of"), col("person_id").as("_person_id"));
    List<Column> columns = new ArrayList<>();
    for (String name : upserts.columns()) {
      columns.add(name.equals("person_id") ? col("_person_id").as("person_id") : col(name));
    }
    return upserts
        .join(ids, upserts.col("patient_id").equalTo(ids.col("_person_of")), "left")
        .select(columns.toArray(Column[]::new));
  }

  /** The patients' history (type 2): every valid version of the increment. */
  private static void history(
      SparkSession spark, LakePaths paths, SilverStage stage, Dataset<Row> validated) {
    List<String> columns = new ArrayList<>(EhrEntities.PATIENTS.typedColumns().keySet());
    columns.remove("person_id");
    new HistorySink(
            spark, columns, paths.silver(PatientHistory.TABLE), EhrEntities.PATIENTS.keyColumn())
        .write(stage.versions(validated));
  }
}
