package org.carelake.lake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.DiagnosesLake;
import org.carelake.lake.DiagnosesLake.Diagnosis;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.TestSpark;
import org.carelake.lake.internal.fhir.FhirValidationStage;
import org.carelake.lake.internal.silver.DiagnosesEntity;
import org.carelake.lake.internal.silver.TerminologyFunctions;
import org.carelake.lake.run.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityReportingTest {
  private static SparkSession spark;

  @TempDir Path lake;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
    TerminologyFunctions.register(spark);
  }

  @Test
  void aRunsReportCountsFailuresPerRuleWithRatesAndTrendsAgainstTheEarlierReport()
      throws Exception {
    LakePaths paths = LakePaths.of(lake.toUri());
    QualityReports reports = new QualityReports(LakeFiles.withDefaults(), paths);
    reports.write(
        new QualityReport(
            "000001-earlier",
            "run",
            "succeeded",
            "2021-03-01T00:00:00Z",
            "2021-03-01T00:01:00Z",
            List.of(),
            List.of(),
            new QualityReport.Reconciliation("reconciled", List.of()),
            new QualityReport.Backlog(0, 0, 0, 0),
            QualityReport.Fhir.NONE,
            new QualityReport.Summary("000001-earlier", 10, 0, 1, Map.of("DX-104", 1L), 0, 0),
            List.of()));
    RunRecord run =
        new DiagnosesLake(spark, paths)
            .run(
                "000002-now",
                2,
                DiagnosesEntity.ENTITY,
                new Diagnosis("1", "E11.9", "2021-01-01", "2021-03-01 10:00:00"),
                new Diagnosis("2", null, "2021-01-01", "2021-03-01 10:00:00"),
                new Diagnosis("3", "E11.99", "2021-01-01", "2021-03-01 10:00:00"),
                new Diagnosis("4", "E11", "2021-01-01", "2021-03-01 10:00:00"));

    // Two findings that differ only in the repetition, the position in the resource's JSON and
    // the value quoted, and one of another run.
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "Patient",
                    "patient-1",
                    "error",
                    "Patient.telecom[0].value (line 1, col 2301)",
                    "The value 'Jonathan' is not valid"),
                RowFactory.create(
                    "Patient",
                    "patient-2",
                    "error",
                    "Patient.telecom[1].value (line 1, col 5120)",
                    "The value \"Maryanne\" is not valid"),
                RowFactory.create("Patient", "patient-3", "warning", "Patient", "Other run")),
            FhirValidationStage.SCHEMA)
        .withColumn(
            "_run_id",
            org.apache
                .spark
                .sql
                .functions
                .when(
                    org.apache.spark.sql.functions.col("id").equalTo("patient-3"), "000001-earlier")
                .otherwise("000002-now"))
        .write()
        .format("delta")
        .save(paths.fhirFindings());

    QualityReport report =
        new QualityReporting(spark, LakeFiles.withDefaults(), paths)
            .report(run, List.of(DiagnosesEntity.ENTITY));

    assertThat(report.fhir().findings())
        .containsExactly(
            new QualityReport.FindingGroup(
                "Patient", "error", "Patient.telecom.value", "The value '…' is not valid", 2));

    assertThat(report.rules())
        .extracting(
            QualityReport.RuleFailures::ruleId,
            QualityReport.RuleFailures::severity,
            QualityReport.RuleFailures::failures,
            QualityReport.RuleFailures::rate,
            QualityReport.RuleFailures::previous)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DX-003", "error", 1L, 0.25, 0L),
            org.assertj.core.groups.Tuple.tuple("DX-103", "warning", 1L, 0.25, 0L),
            org.assertj.core.groups.Tuple.tuple("DX-104", "warning", 1L, 0.25, 1L));
    assertThat(report.tables())
        .singleElement()
        .isEqualTo(new QualityReport.TableCounts("diagnoses", 4, 4, 4L, 3L, 1L, 0L, 0L, 2L, true));
    assertThat(report.reconciliation().outcome()).isEqualTo("reconciled");
    assertThat(report.backlog()).isEqualTo(new QualityReport.Backlog(1, 0, 0, 1));
    assertThat(report.trend())
        .extracting(QualityReport.Summary::runId)
        .containsExactly("000001-earlier", "000002-now");

    Path folder = lake.resolve("_carelake/quality");
    String html = Files.readString(folder.resolve("000002-now.html"));
    assertThat(Files.readString(folder.resolve("latest.html"))).isEqualTo(html);
    assertThat(html)
        .contains("DX-003", "DX-104", "reconciled", "<svg")
        .doesNotContain("<script", "http://", "https://", "<link");
    for (String file : List.of("000002-now.html", "000002-now.json")) {
      assertThat(Files.readString(folder.resolve(file)))
          .as("no record values in %s", file)
          .doesNotContain("987654321", "E11.99", "2021-01-01", "Jonathan", "Maryanne");
    }
    assertThat(reports.latest()).contains(report);
  }
}
