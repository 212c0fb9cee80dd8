package org.carelake.lake.fhir;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.fhir.FhirType;
import org.carelake.lake.DeltaWrites;
import org.carelake.lake.LakePaths;

/**
 * Brings the FHIR layer of one resource type up to date with its silver table, in one call per type
 * and run.
 *
 * <p>Reads the whole silver table and maps it ({@link FhirStage}: mapping is cheap, tens of
 * thousands of resources per second per core); only the resources whose JSON changed are validated
 * ({@link FhirValidationStage}, the expensive part) and merged ({@link FhirSink}), and resources
 * whose silver row is gone are marked deleted. Findings are appended to {@code fhir/findings} with
 * the run id, once per run ({@link DeltaWrites#appendOnce}). Re-running it for the same run changes
 * nothing.
 */
public final class FhirSync {
  private final SparkSession spark;
  private final LakePaths paths;
  private final double validationSample;

  /**
   * What one sync did.
   *
   * @param mapped resources mapped from silver
   * @param written resources inserted or given a new version
   * @param deleted resources marked deleted
   * @param validated resources validated (the sample of those written)
   * @param errors validation findings of error severity
   * @param warnings validation findings of warning severity
   */
  public record Counts(
      long mapped, long written, long deleted, long validated, long errors, long warnings) {}

  /**
   * A sync over a lake.
   *
   * @param spark the session
   * @param paths the lake
   * @param validationSample the fraction of written resources to validate, 0 to 1
   */
  public FhirSync(SparkSession spark, LakePaths paths, double validationSample) {
    this.spark = spark;
    this.paths = paths;
    this.validationSample = validationSample;
  }

  /** Whether the silver table a resource type comes from exists. */
  public boolean hasSilver(FhirType type) {
    return DeltaTable.isDeltaTable(spark, paths.silver(type.silverEntity()));
  }

  /**
   * Syncs one resource type.
   *
   * @param type the resource type; its silver table must exist ({@link #hasSilver(FhirType)})
   * @param runId the run
   * @param sequence the run's sequence number, for idempotent appends
   * @return what it did
   */
  public Counts sync(FhirType type, String runId, long sequence) {
    Dataset<Row> silver = spark.read().format("delta").load(paths.silver(type.silverEntity()));
    FhirSink sink = new FhirSink(spark, paths.fhirResources());
    Dataset<Row> mapped = new FhirStage(type).apply(silver);
    Dataset<Row> changed = sink.changed(mapped, type).persist();
    try {
      long mappedCount = silver.count();
      // Materialize the changed set before the merge rewrites the table it was compared with.
      long changedCount = changed.count();
      FhirValidationStage validation = new FhirValidationStage(validationSample);
      long validated = validationSample <= 0 ? 0 : validation.sampled(changed).count();
      long errors = 0;
      long warnings = 0;
      if (validated > 0) {
        Dataset<Row> findings = validation.apply(changed).persist();
        try {
          errors = findings.where(col("severity").equalTo("error")).count();
          warnings = findings.where(col("severity").equalTo("warning")).count();
          DeltaWrites.appendOnce(
              findings.withColumn("_run_id", lit(runId)),
              paths.fhirFindings(),
              "carelake-fhir-findings-" + type.resourceType().toLowerCase(Locale.ROOT),
              sequence);
        } finally {
          findings.unpersist();
        }
      }
      Instant at = Instant.now();
      long written = changedCount == 0 ? 0 : sink.merge(changed, type, at, runId);
      // The ids FhirIds gives: <resource type in lower case>-<business key>.
      Dataset<Row> liveIds =
          silver.select(
              concat(lit(type.resourceType().toLowerCase(Locale.ROOT) + "-"), col(type.keyColumn()))
                  .as("id"));
      long deleted = sink.markDeleted(liveIds, type, at, runId);
      return new Counts(mappedCount, written, deleted, validated, errors, warnings);
    } finally {
      changed.unpersist();
    }
  }
}
