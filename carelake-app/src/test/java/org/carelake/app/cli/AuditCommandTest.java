package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.carelake.app.CarelakeCli;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.audit.AuditAction;
import org.carelake.lake.audit.AuditEntry;
import org.carelake.lake.audit.AuditOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail as the commands record and show it: a quarantine listing with {@code
 * --show-records} on a real (empty) lake is recorded with its filter and never its values, {@code
 * carelake audit} lists and filters it, and {@code --verify} names the entry an edit broke.
 */
class AuditCommandTest {
  @TempDir Path dataDir;

  private record Output(int code, String text) {}

  private static Output run(IntSupplier command) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = command.getAsInt();
      return new Output(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  private Output carelake(String... arguments) {
    String[] all = new String[arguments.length + 6];
    System.arraycopy(arguments, 0, all, 0, arguments.length);
    all[arguments.length] = "--set";
    all[arguments.length + 1] = "data-dir=" + dataDir;
    all[arguments.length + 2] = "--set";
    all[arguments.length + 3] = "spark.master=local[1]";
    all[arguments.length + 4] = "--set";
    all[arguments.length + 5] = "audit.principal=auditor-7";
    return run(() -> CarelakeCli.execute(all));
  }

  private Lake lake() {
    return Lake.open(
        CarelakeConfig.fromEnvironment(
            Map.of(
                "CARELAKE_DATA_DIR", dataDir.toString(), "CARELAKE_AUDIT_PRINCIPAL", "auditor-7")));
  }

  @Test
  void aQuarantineListingThatShowsRecordsIsRecordedListedAndItsEditIsDetected() throws Exception {
    assertThat(
            carelake("quarantine", "list", "--show-records", "--table", "patients", "--limit", "5")
                .code())
        .isZero();
    assertThat(carelake("quarantine", "list", "--limit", "5").code()).isZero();

    List<AuditEntry> entries = lake().audit().list(Optional.empty(), Optional.empty(), 10);
    assertThat(entries).hasSize(1);
    AuditEntry entry = entries.get(0);
    assertThat(entry.action()).isEqualTo(AuditAction.QUARANTINE_RECORDS);
    assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
    assertThat(entry.actor().principal()).isEqualTo("auditor-7");
    assertThat(entry.actor().host()).isNotBlank();
    assertThat(entry.target())
        .isEqualTo("quarantine list --show-records --table patients --limit 5: 0 records shown");

    Output listed = carelake("audit", "--action", "quarantine-records");
    assertThat(listed.code()).isZero();
    assertThat(listed.text())
        .contains("quarantine-records succeeded auditor-7@" + entry.actor().host())
        .contains("--table patients --limit 5: 0 records shown");
    assertThat(carelake("audit", "--action", "run").text()).isEqualTo("No audit entries match.\n");
    assertThat(carelake("audit", "--since", "2999-01-01T00:00:00Z").text())
        .isEqualTo("No audit entries match.\n");

    Output intact = carelake("audit", "--verify");
    assertThat(intact.code()).isZero();
    assertThat(intact.text()).isEqualTo("audit trail intact: 1 entries chained.\n");

    Path file = dataDir.resolve("lake/_carelake/audit/00000000000000000001.json");
    Files.writeString(file, Files.readString(file).replace("--limit 5", "--limit 1"));
    Output broken = carelake("audit", "--verify");
    assertThat(broken.code()).isEqualTo(CarelakeCli.EXIT_FAILED);
    assertThat(broken.text())
        .startsWith("audit trail BROKEN at entry 1 (")
        .endsWith(
            "00000000000000000001.json): its content does not give its hash: the entry was"
                + " changed.\n");
  }

  @Test
  void privacyColumnsPrintsEachColumnsClassWithItsSafeHarborIdentifier() {
    Output output =
        run(() -> CarelakeCli.execute("privacy", "columns", "--table", "silver/patients"));

    assertThat(output.code()).isZero();
    assertThat(output.text())
        .startsWith("silver/patients\n")
        .containsPattern("\\n  mrn +direct identifier +\\(H\\) medical-record-number, as-is\\n")
        .containsPattern("\\n  birth_date +quasi-identifier +\\(C\\) dates, day\\n")
        .containsPattern("\\n  _run_id +not PHI +\\n");
    assertThat(run(() -> CarelakeCli.execute("privacy", "columns", "--table", "gold")).text())
        .doesNotContain("direct identifier")
        .contains("gold/patient_population");
  }
}
