package org.carelake.lake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.carelake.lake.internal.silver.DiagnosesEntity;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.junit.jupiter.api.Test;

class QualityReportTest {
  private static StepRecord step(String name, RunStatus status, Map<String, Long> counts) {
    return new StepRecord(name, status, "t0", "t1", 1.0, counts, null);
  }

  private static RunRecord run(RunStatus reconcile, long upserted) {
    return new RunRecord(
        "000003-x",
        3,
        "run",
        RunStatus.RUNNING,
        "t0",
        null,
        List.of(
            step("extract:diagnoses", RunStatus.SUCCEEDED, Map.of("rows", 10L)),
            step("extract:labs", RunStatus.SUCCEEDED, Map.of("rows", 5L)),
            step("bronze:diagnoses", RunStatus.SUCCEEDED, Map.of("rows", 12L, "tombstones", 2L)),
            step("bronze:labs", RunStatus.SUCCEEDED, Map.of("rows", 5L, "tombstones", 0L)),
            step(
                "silver:diagnoses",
                RunStatus.SUCCEEDED,
                Map.of(
                    "received", 12L,
                    "upserted", upserted,
                    "quarantined", 1L,
                    "duplicates", 1L,
                    "tombstones", 2L,
                    "warnings", 3L)),
            step("reconcile", reconcile, Map.of())),
        Map.of(),
        null);
  }

  @Test
  void tablesWithoutASilverStepAreCountedUpToBronze() {
    QualityReport report =
        QualityReport.of(
            run(RunStatus.SUCCEEDED, 8),
            List.of(DiagnosesEntity.ENTITY),
            List.of(),
            new QualityReport.Backlog(0, 0, 0, 0),
            List.of(),
            List.of(),
            "now");

    assertThat(report.tables())
        .containsExactly(
            new QualityReport.TableCounts("diagnoses", 10, 12, 12L, 8L, 1L, 1L, 2L, 3L, true),
            new QualityReport.TableCounts("labs", 5, 5, null, null, null, null, null, null, true));
    assertThat(report.reconciliation())
        .isEqualTo(new QualityReport.Reconciliation("reconciled", List.of()));
    assertThat(report.summary().quarantineRate()).isEqualTo(1.0 / 12);
  }

  @Test
  void fhirStepsAreCountedPerResourceTypeAndTheirErrorsEnterTheTrend() {
    RunRecord run =
        run(RunStatus.SUCCEEDED, 8)
            .withStep(
                step(
                    "fhir:Patient",
                    RunStatus.SUCCEEDED,
                    Map.of("mapped", 4L, "written", 3L, "validated", 3L, "warnings", 1L)))
            .withStep(
                step(
                    "fhir:Observation",
                    RunStatus.SUCCEEDED,
                    Map.of(
                        "mapped",
                        9L,
                        "written",
                        9L,
                        "deleted",
                        1L,
                        "validated",
                        9L,
                        "errors",
                        2L)));
    QualityReport.FindingGroup finding =
        new QualityReport.FindingGroup(
            "Observation", "error", "Observation.valueQuantity.code", "Unknown unit '…'", 2);

    QualityReport report =
        QualityReport.of(
            run,
            List.of(DiagnosesEntity.ENTITY),
            List.of(),
            new QualityReport.Backlog(0, 0, 0, 0),
            List.of(finding),
            List.of(),
            "now");

    assertThat(report.fhir().types())
        .containsExactly(
            new QualityReport.FhirCounts("Patient", 4, 3, 0, 3, 0, 1),
            new QualityReport.FhirCounts("Observation", 9, 9, 1, 9, 2, 0));
    assertThat(report.fhir().findings()).containsExactly(finding);
    assertThat(report.summary().fhirValidated()).isEqualTo(12);
    assertThat(report.summary().fhirErrors()).isEqualTo(2);
  }

  @Test
  void countsThatDoNotAddUpAreReportedWithTheNumbers() {
    QualityReport report =
        QualityReport.of(
            run(RunStatus.FAILED, 7),
            List.of(DiagnosesEntity.ENTITY),
            List.of(new QualityReport.Failure("diagnoses", "HL7:PID-3", 1)),
            new QualityReport.Backlog(5, 2, 0, 3),
            List.of(),
            List.of(),
            "now");

    assertThat(report.reconciliation().outcome()).isEqualTo("failed");
    assertThat(report.reconciliation().problems())
        .containsExactly(
            "diagnoses: source 10, bronze 12, silver received 12 = upserted 7 + quarantined 1"
                + " + duplicates 1 + tombstones 2");
    assertThat(report.rules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.severity()).as("rules of other paths are errors").isEqualTo("error");
              assertThat(rule.previous()).isNull();
            });
    assertThat(report.backlog().open()).isEqualTo(3);
    assertThat(QualityHtml.render(report))
        .contains("Does not reconcile", "3 records (distinct table and key) still open");
  }

  @Test
  void theHtmlEscapesEveryText() {
    assertThat(QualityHtml.escape("<b>\"a\" & 'b'</b>"))
        .isEqualTo("&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;");
  }
}
