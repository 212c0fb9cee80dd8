package org.carelake.lake.quality;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.silver.SilverEntity;

/**
 * Makes the quality report of a run: counts its failures in the lake ({@link QualitySource}),
 * builds the report with the trend of earlier reports ({@link QualityReport#of}), and writes it
 * ({@link QualityReports}).
 *
 * <p>Side effects: writes {@code _carelake/quality/<run-id>.json}, {@code .html} and {@code
 * latest.html}. Making the report of a run again replaces it.
 */
public final class QualityReporting {
  private final QualitySource source;
  private final QualityReports reports;

  /**
   * Reporting on one lake.
   *
   * @param spark the session
   * @param files the lake's file system
   * @param paths the lake
   */
  public QualityReporting(SparkSession spark, LakeFiles files, LakePaths paths) {
    this.source = new QualitySource(spark, paths);
    this.reports = new QualityReports(files, paths);
  }

  /**
   * Makes, writes and returns the report of a run.
   *
   * @param run the run as recorded so far
   * @param entities the silver entities, for their rules and tables
   * @return the report
   */
  public QualityReport report(RunRecord run, List<SilverEntity> entities) {
    QualityReport report =
        QualityReport.of(
            run,
            entities,
            source.failures(run.id(), entities),
            source.backlog(),
            source.fhirFindings(run.id()),
            reports.before(run.id(), QualityReports.TREND_RUNS),
            Instant.now().toString());
    reports.write(report);
    return report;
  }
}
