package org.carelake.app.pipeline;

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
import org.carelake.lake.DeltaWrites;
import org.carelake.lake.LakePaths;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.HistorySink;
import org.carelake.lake.silver.PatientHistory;
import org.carelake.lake.silver.PendingSink;
import org.carelake.lake.silver.PersonMatcher;
import org.carelake.lake.silver.SilverContext;
import org.carelake.lake.silver.SilverContextSource;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.SilverSink;
import org.carelake.lake.silver.SilverStage;

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
final class SilverStep {
  /** The counts every silver step records, in order. */
  static final List<String> COUNTS =
      List.of(
          "received",
          "retried",
          "upserted",
          "quarantined",
          "duplicates",
          "tombstones",
          "pending",
          "warnings");

  private final SparkSession spark;
  private final LakePaths paths;
  private final ZoneId zone;
  private final Duration gracePeriod;

  SilverStep(SparkSession spark, LakePaths paths, ZoneId zone, Duration gracePeriod) {
    this.spark = spark;
    this.paths = paths;
    this.zone = zone;
    this.gracePeriod = gracePeriod;
  }

  /**
   * Runs the step.
   *
   * @param entity the entity
   * @param runId the run
   * @param sequence the run's sequence number (the quarantine append's transaction version)
   * @param asOf the run's start: pending rows' waits are measured up to it
   * @param bronzeIncrement the run's bronze rows of a source table, when it has any
   * @param counts receives the counts
   */
  void run(
      SilverEntity entity,
      String runId,
      long sequence,
      Instant asOf,
      Function<String, Optional<Dataset<Row>>> bronzeIncrement,
      Map<String, Long> counts) {
    COUNTS.forEach(name -> counts.put(name, 0L));
    Optional<Dataset<Row>> increment = bronzeIncrement.apply(entity.table());
    String pendingPath = paths.pending(entity.name());
    if (increment.isEmpty() && !DeltaTable.isDeltaTable(spark, pendingPath)) {
      return;
    }
    SilverContext context =
        new SilverContextSource(spark, paths, zone)
            .context(entity, runId, asOf, gracePeriod, bronzeIncrement);
    if (increment.isEmpty() && context.pendingRows().isEmpty()) {
      return;
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
      SilverSink sink = new SilverSink(spark);
      Dataset<Row> persons = null;
      if (patients) {
        // Before person matching reads the stored patients: a table written before the entity
        // gained a column (person_id) gains it first, so the read and the merge see the same
        // schema. Other entities gain theirs in the merge.
        sink.addMissingColumns(upserts.drop("_deleted").schema(), path);
        persons = persons(upserts).persist();
        upserts = withPersons(upserts, persons);
      }
      boolean existed = DeltaTable.isDeltaTable(spark, path);
      sink.merge(upserts, path, entity.keyColumn());
      if (patients) {
        if (existed) {
          sink.assignPersons(persons, path);
        }
        counts.put("matched", persons.where("person_id <> patient_id").count());
        persons.unpersist();
        history(stage, validated);
      }
      if (result.quarantined() > 0) {
        DeltaWrites.appendOnce(
            stage.quarantined(validated),
            paths.quarantine(),
            "carelake-quarantine-" + entity.name(),
            sequence);
      }
      new PendingSink(spark)
          .replace(stage.pending(validated), result.pending(), pendingPath, runId);
      counts.put("received", result.received());
      counts.put("retried", result.retried());
      counts.put("upserted", result.upserted());
      counts.put("quarantined", result.quarantined());
      counts.put("duplicates", result.duplicates());
      counts.put("tombstones", result.tombstones());
      counts.put("pending", result.pending());
      counts.put("warnings", result.warnings());
    } finally {
      validated.unpersist();
    }
  }

  /**
   * The person id of every patient silver will hold after the merge: the stored patients the
   * increment does not replace, and the increment's.
   */
  private Dataset<Row> persons(Dataset<Row> upserts) {
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
  private void history(SilverStage stage, Dataset<Row> validated) {
    List<String> columns = new ArrayList<>(EhrEntities.PATIENTS.typedColumns().keySet());
    columns.remove("person_id");
    new HistorySink(spark)
        .merge(
            stage.versions(validated),
            columns,
            paths.silver(PatientHistory.TABLE),
            EhrEntities.PATIENTS.keyColumn());
  }
}
