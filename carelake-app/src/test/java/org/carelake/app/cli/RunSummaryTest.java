package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
  private static StepRecord step(String name, String from, String to, double seconds) {
    return new StepRecord(
        name,
        RunStatus.SUCCEEDED,
        "2026-11-25T10:00:" + from + "Z",
        "2026-11-25T10:00:" + to + "Z",
        seconds,
        Map.of(),
        null);
  }

  @Test
  void aStageTakesTheWallTimeOfItsOverlappingStepsNotTheirSum() {
    RunRecord run =
        new RunRecord(
            "000001-x",
            1,
            "run",
            RunStatus.SUCCEEDED,
            "2026-11-25T10:00:00Z",
            "2026-11-25T10:00:30Z",
            List.of(
                step("bronze:patients", "00", "03", 3),
                step("bronze:encounters", "01", "04", 3),
                // A step of a resumed run's earlier attempt stands apart.
                step("bronze:diagnoses", "10", "11", 1),
                step("silver:patients", "12", "14", 2)),
            Map.of(),
            null);

    assertThat(RunSummary.wallSeconds(run, "bronze")).isEqualTo(5.0);
    assertThat(RunSummary.wallSeconds(run, "silver")).isEqualTo(2.0);
    assertThat(RunSummary.wallSeconds(run, "gold")).isZero();
  }

  private static StepRecord publish(String mart, RunStatus status, Map<String, Long> counts) {
    return new StepRecord(
        "publish:" + mart,
        status,
        "2026-11-25T10:00:00Z",
        "2026-11-25T10:00:01Z",
        1.0,
        counts,
        null);
  }

  @Test
  void theSummaryListsEachPublishedTableWithItsRowsAndMode() {
    RunRecord run =
        new RunRecord(
            "000002-x",
            2,
            "run",
            RunStatus.FAILED,
            "2026-11-25T10:00:00Z",
            "2026-11-25T10:00:30Z",
            List.of(
                step("gold:census", "00", "01", 1),
                publish("census", RunStatus.SUCCEEDED, Map.of("rows", 1234L, "changed", 12L)),
                publish(
                    "patient_features",
                    RunStatus.SUCCEEDED,
                    Map.of("rows", 250_000L, "merged", 1L, "changed", 40L)),
                publish(
                    "los", RunStatus.SUCCEEDED, Map.of("rows", 7L, "unchanged", 1L, "changed", 0L)),
                publish("readmissions", RunStatus.FAILED, Map.of())),
            Map.of(),
            null);

    assertThat(RunSummary.publishedTables(run, "gold"))
        .containsExactly(
            "published tables:",
            "  gold.census                  1,234 rows  replace (12 changed)",
            "  gold.patient_features      250,000 rows  merge (40 changed)",
            "  gold.los                         7 rows  replace (gold unchanged, not published"
                + " again)",
            "  gold.readmissions     failed");
  }

  @Test
  void aRunThatPublishedNothingPrintsNoTableList() {
    RunRecord run =
        new RunRecord(
            "000003-x",
            3,
            "run",
            RunStatus.SUCCEEDED,
            "2026-11-25T10:00:00Z",
            "2026-11-25T10:00:30Z",
            List.of(step("gold:census", "00", "01", 1)),
            Map.of(),
            null);

    assertThat(RunSummary.publishedTables(run, "gold")).isEmpty();
  }
}
