package org.carelake.lake;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.internal.DeltaWrites;
import org.carelake.lake.internal.quarantine.QuarantineSink;
import org.carelake.lake.internal.silver.SilverSink;
import org.carelake.lake.internal.silver.SilverStage;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.SilverEntity;

/**
 * A small lake of diagnoses for tests: bronze increments appended per run and taken through the
 * silver stage as the batch pipeline does (merge, quarantine), with the run record it would keep.
 */
public final class DiagnosesLake {
  private static final StructType BRONZE =
      new StructType()
          .add("diagnosis_id", DataTypes.StringType)
          .add("encounter_id", DataTypes.StringType)
          .add("patient_id", DataTypes.StringType)
          .add("icd10_code", DataTypes.StringType)
          .add("diagnosis_rank", DataTypes.StringType)
          .add("onset_date", DataTypes.StringType)
          .add("snomed_code", DataTypes.StringType)
          .add("description", DataTypes.StringType)
          .add("updated_at", DataTypes.StringType)
          .add("_run_id", DataTypes.StringType)
          .add("_source_table", DataTypes.StringType)
          .add("_source_key", DataTypes.StringType)
          .add("_source_position", DataTypes.StringType)
          .add("_operation", DataTypes.StringType)
          .add("_extracted_at", DataTypes.TimestampType);

  private final SparkSession spark;
  private final LakePaths paths;

  /** A lake under a root. */
  public DiagnosesLake(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  /** One source row: id, code, onset date, source update time. */
  public record Diagnosis(String id, String code, String onset, String updatedAt) {}

  /**
   * Appends a run's rows to bronze, takes them through silver, and returns the run as the history
   * would record it (succeeded, with extract, bronze, silver and reconcile steps).
   */
  public RunRecord run(String runId, long sequence, SilverEntity entity, Diagnosis... rows) {
    List<Row> bronze = new ArrayList<>();
    for (Diagnosis row : rows) {
      bronze.add(
          RowFactory.create(
              row.id(),
              "10",
              "987654321",
              row.code(),
              "primary",
              row.onset(),
              null,
              null,
              row.updatedAt(),
              runId,
              "ehr.diagnoses",
              row.id(),
              "ehr.diagnoses:diagnosis_id=" + row.id(),
              "insert",
              Timestamp.valueOf(row.updatedAt())));
    }
    String bronzePath = paths.bronze(LakePaths.EHR, "diagnoses");
    DeltaWrites.appendOnce(
        spark.createDataFrame(bronze, BRONZE), bronzePath, "test-bronze", sequence);
    Dataset<Row> increment =
        spark.read().format("delta").load(bronzePath).where(col("_run_id").equalTo(runId));
    SilverStage stage = new SilverStage(entity);
    Dataset<Row> validated = stage.validate(increment).persist();
    SilverStage.Counts counts = stage.count(validated);
    new SilverSink(spark, paths.silver(entity.name()), entity.keyColumn())
        .write(stage.upserts(validated));
    if (counts.quarantined() > 0) {
      new QuarantineSink(paths, "test", sequence).write(stage.quarantined(validated));
    }
    validated.unpersist();
    String now = "2021-03-03T00:00:00Z";
    return new RunRecord(
        runId,
        sequence,
        "run",
        RunStatus.SUCCEEDED,
        now,
        now,
        List.of(
            step("extract:diagnoses", Map.of("rows", (long) rows.length)),
            step("bronze:diagnoses", Map.of("rows", (long) rows.length, "tombstones", 0L)),
            step(
                "silver:diagnoses",
                Map.of(
                    "received", counts.received(),
                    "upserted", counts.upserted(),
                    "quarantined", counts.quarantined(),
                    "duplicates", counts.duplicates(),
                    "tombstones", counts.tombstones(),
                    "warnings", counts.warnings())),
            step("reconcile", Map.of("tables", 1L))),
        Map.of(),
        null);
  }

  private static StepRecord step(String name, Map<String, Long> counts) {
    return new StepRecord(
        name,
        RunStatus.SUCCEEDED,
        "2021-03-03T00:00:00Z",
        "2021-03-03T00:00:01Z",
        1.0,
        counts,
        null);
  }
}
