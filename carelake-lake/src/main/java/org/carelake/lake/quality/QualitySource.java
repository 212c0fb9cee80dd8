package org.carelake.lake.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.LakePaths;
import org.carelake.lake.quarantine.QuarantineSource;
import org.carelake.lake.silver.SilverEntity;

/**
 * Reads what a quality report counts from the lake: failures per rule of one run (quarantine rows
 * and silver {@code _warnings}), and the quarantine backlog. Only counts and rule ids leave Spark.
 *
 * <p>Cost: one scan of the quarantine table and one of each silver table, filtered on the run id
 * (silver is not partitioned by run, so the scans read whole tables).
 */
final class QualitySource {
  private final SparkSession spark;
  private final LakePaths paths;

  /**
   * A source over one lake.
   *
   * @param spark the session
   * @param paths the lake
   */
  public QualitySource(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  /**
   * Counts failures per table and rule in one run: error rules from the run's quarantine rows
   * (every source, HL7 included), warning rules from the silver rows the run wrote. A silver row a
   * later run replaced no longer counts, so a report made long after its run may undercount
   * warnings; the pipeline makes it at the end of the run.
   *
   * @param runId the run
   * @param entities the silver entities whose warnings count
   * @return the failures, in no particular order
   */
  public List<QualityReport.Failure> failures(String runId, List<SilverEntity> entities) {
    List<QualityReport.Failure> failures = new ArrayList<>();
    if (DeltaTable.isDeltaTable(spark, paths.quarantine())) {
      for (Row row :
          spark
              .read()
              .format("delta")
              .load(paths.quarantine())
              .where(col("run_id").equalTo(runId))
              .select(col("source_table"), explode(col("rule_ids")).as("rule_id"))
              .groupBy("source_table", "rule_id")
              .count()
              .collectAsList()) {
        failures.add(
            new QualityReport.Failure(
                tableName(row.getString(0)), row.getString(1), row.getLong(2)));
      }
    }
    for (SilverEntity entity : entities) {
      String path = paths.silver(entity.name());
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      for (Row row :
          spark
              .read()
              .format("delta")
              .load(path)
              .where(col("_run_id").equalTo(runId))
              .select(explode(col("_warnings")).as("rule_id"))
              .groupBy("rule_id")
              .count()
              .collectAsList()) {
        failures.add(
            new QualityReport.Failure(
                tableName(entity.sourceTable()), row.getString(0), row.getLong(1)));
      }
    }
    return failures;
  }

  /** How many groups of FHIR findings a report keeps. */
  static final int FINDING_GROUPS = 25;

  /**
   * Groups the FHIR validation findings of one run (see {@link QualityReport.FindingGroup}): the
   * most frequent {@link #FINDING_GROUPS}.
   *
   * @param runId the run
   * @return the groups, most frequent first
   */
  public List<QualityReport.FindingGroup> fhirFindings(String runId) {
    List<QualityReport.FindingGroup> groups = new ArrayList<>();
    if (!DeltaTable.isDeltaTable(spark, paths.fhirFindings())) {
      return groups;
    }
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(paths.fhirFindings())
            .where(col("_run_id").equalTo(runId))
            .select(
                col("resource_type"),
                col("severity"),
                elementPath(col("location")).as("location"),
                regexp_replace(
                        regexp_replace(
                            regexp_replace(coalesce(col("message"), lit("")), "'[^']*'", "'…'"),
                            "\"[^\"]*\"",
                            "'…'"),
                        "[0-9]{3,}",
                        "#")
                    .as("message"))
            .groupBy("resource_type", "severity", "location", "message")
            .count()
            .orderBy(col("count").desc(), col("resource_type"), col("location"))
            .limit(FINDING_GROUPS)
            .collectAsList()) {
      groups.add(
          new QualityReport.FindingGroup(
              row.getString(0),
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getLong(4)));
    }
    return groups;
  }

  /**
   * Counts the quarantine, all runs: rows, rows replays released, rows a later run fixed, and the
   * keys still open (see {@link QuarantineSource}).
   *
   * @return the backlog
   */
  public QualityReport.Backlog backlog() {
    QuarantineSource.Backlog backlog = new QuarantineSource(spark, paths).backlog();
    return new QualityReport.Backlog(
        backlog.quarantined(), backlog.released(), backlog.fixedLater(), backlog.openKeys());
  }

  /**
   * The report's name for a source table: {@code ehr.diagnoses} gives {@code diagnoses} (as the EHR
   * pipeline's steps name it), {@code hl7.messages} gives {@code hl7_messages} (as bronze does).
   */
  static String tableName(String sourceTable) {
    return sourceTable.startsWith(LakePaths.EHR + ".")
        ? sourceTable.substring(LakePaths.EHR.length() + 1)
        : sourceTable.replace('.', '_');
  }

  /**
   * The element path of a validation finding's location: without the position in the resource's
   * JSON ({@code (line 1, col 2301)}), which differs for every resource, and without repetition
   * indexes, so that findings group by element ({@code Observation.valueQuantity.code}).
   */
  static Column elementPath(Column location) {
    return regexp_replace(
        regexp_replace(coalesce(location, lit("")), " ?\\(line [0-9]+, col [0-9]+\\)", ""),
        "\\[[0-9]+\\]",
        "");
  }
}
