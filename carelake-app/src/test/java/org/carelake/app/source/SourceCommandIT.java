package org.carelake.app.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.carelake.app.CarelakeCli;
import org.carelake.config.JdbcEndpoint;
import org.junit.jupiter.api.Test;

class SourceCommandIT {
  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = CarelakeCli.execute(args);
      return new Run(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void generateThenStatsPrintTheSameFingerprint() {
    JdbcEndpoint source = TestDatabases.fresh();
    Run generate =
        run(
            "source",
            "generate",
            "--patients",
            "200",
            "--seed",
            "5",
            "--defect-rate",
            "0.05",
            "--set",
            "source.jdbc-url=" + source.url());
    Run stats = run("source", "stats", "--set", "source.jdbc-url=" + source.url());

    assertThat(generate.exitCode()).isZero();
    assertThat(stats.exitCode()).isZero();
    String fingerprint = generate.out().replaceAll("(?s).*fingerprint ([0-9a-f]{64}).*", "$1");
    assertThat(fingerprint).hasSize(64);
    assertThat(stats.out()).contains("fingerprint " + fingerprint).contains("defect missing_value");
    assertThat(generate.out()).contains("patients").contains("rows/s");
  }

  @Test
  void churnPrintsTheChangesPerTableAndKind() {
    JdbcEndpoint source = TestDatabases.fresh();
    String target = "source.jdbc-url=" + source.url();
    run("source", "generate", "--patients", "100", "--seed", "2", "--set", target);

    Run churn = run("source", "churn", "--changes", "60", "--seed", "9", "--set", target);

    assertThat(churn.exitCode()).isZero();
    assertThat(churn.out())
        .contains("inserted")
        .contains("insert visit")
        .contains("day 2021-10-01: 60 changes");
  }

  @Test
  void importSyntheaWithoutAnExportFolderSaysWhatIsMissing() {
    Run run =
        run(
            "source",
            "import-synthea",
            "/nonexistent/synthea/csv",
            "--set",
            "source.jdbc-url=" + TestDatabases.fresh().url());

    assertThat(run.exitCode()).isEqualTo(CarelakeCli.EXIT_FAILED);
    assertThat(run.err()).contains("has no patients.csv");
  }

  @Test
  void aDefectRateAboveOneIsABadUsageWithTheFix() {
    Run run =
        run(
            "source",
            "generate",
            "--defect-rate",
            "5",
            "--set",
            "source.jdbc-url=jdbc:postgresql://127.0.0.1:1/none");

    assertThat(run.exitCode()).isEqualTo(CarelakeCli.EXIT_USAGE);
    assertThat(run.err()).contains("--defect-rate is 5.0").contains("between 0 and 1");
  }

  @Test
  void everySourceCommandExplainsItselfWithHelp() {
    for (String command : new String[] {"generate", "stats", "churn", "import-synthea"}) {
      Run help = run("source", command, "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).contains("Usage: carelake source " + command);
    }
    assertThat(run("bench", "--help").out()).contains("floor");
    assertThat(run("bench", "generate", "--help").out()).contains("50,000 rows/s");
  }
}
