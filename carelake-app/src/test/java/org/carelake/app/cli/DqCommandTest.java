package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.carelake.app.CarelakeCli;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.quality.QualityReport;
import org.carelake.lake.quality.QualityReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqCommandTest {
  @TempDir Path data;

  private record Output(int exit, String out, String err) {}

  private Output run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--set";
      all[args.length + 1] = "data-dir=" + data;
      int exit = CarelakeCli.execute(all);
      return new Output(
          exit,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void dqReportPrintsTheLatestSummaryAndWhereThePageIs() {
    LakePaths paths = LakePaths.of(data.resolve("lake").toUri());
    QualityReports reports = new QualityReports(LakeFiles.withDefaults(), paths);
    reports.write(
        new QualityReport(
            "000007-x",
            "run",
            "running",
            "2021-03-01T00:00:00Z",
            "2021-03-01T00:01:00Z",
            List.of(
                new QualityReport.TableCounts(
                    "diagnoses", 100, 100, 100L, 95L, 5L, 0L, 0L, 7L, true)),
            List.of(
                new QualityReport.RuleFailures(
                    "DX-003", "diagnoses", "error", "icd10_code is missing", 5, 0.05, 2L)),
            new QualityReport.Reconciliation("reconciled", List.of()),
            new QualityReport.Backlog(12, 4, 0, 8),
            new QualityReport.Fhir(
                List.of(new QualityReport.FhirCounts("Observation", 40, 40, 0, 40, 2, 3)),
                List.of(
                    new QualityReport.FindingGroup(
                        "Observation",
                        "error",
                        "Observation.valueQuantity",
                        "The unit '…' is not valid UCUM",
                        2))),
            new QualityReport.Summary("000007-x", 100, 5, 7, Map.of("DX-003", 5L), 40, 2),
            List.of()));

    Output output = run("dq", "report");

    assertThat(output.exit()).isZero();
    assertThat(output.out())
        .contains("data quality of run 000007-x")
        .contains("reconciliation: reconciled")
        .contains("silver received 100 rows: 5 quarantined (5.00%), 7 flagged by warnings (7.00%)")
        .contains("DX-003")
        .contains("(before: 2)")
        .contains("FHIR: 40 resources written, 40 validated: 2 errors, 3 warnings")
        .contains("Observation.valueQuantity: The unit '…' is not valid UCUM")
        .contains(
            "quarantine backlog (all runs): 8 open records (distinct table and key); of 12 rows"
                + " quarantined, 4 released by replays, 0 fixed by a later run")
        .contains("page:   " + paths.quality() + "/000007-x.html");
  }

  @Test
  void dqReportOfAnUnknownRunSaysWhereToLook() {
    Output output = run("dq", "report", "--run", "000099-none");

    assertThat(output.exit()).isEqualTo(1);
    assertThat(output.err())
        .startsWith("carelake: no run '000099-none' in the lake at ")
        .contains("'carelake status' lists the runs there.");
  }
}
