package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.carelake.app.CarelakeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code fhir} and {@code bench} commands' arguments, checked before any work starts. */
class FhirCommandTest {
  @TempDir Path folder;

  private static String standardError(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownResourceTypeIsRefusedWithTheKnownOnes() {
    int[] code = new int[1];
    String error =
        standardError(
            () ->
                code[0] =
                    CarelakeCli.execute(
                        "fhir",
                        "export",
                        "--types",
                        "Patient,Medication",
                        "--output",
                        folder.toString()));

    assertThat(code[0]).isEqualTo(CarelakeCli.EXIT_FAILED);
    assertThat(error)
        .contains(
            "carelake: 'Medication' is not a FHIR resource type carelake writes; carelake writes"
                + " Organization, Location, Practitioner, Patient, Encounter, Condition,"
                + " MedicationRequest, Observation, Appointment, Immunization, Procedure. Name the"
                + " types with --types,"
                + " separated by commas.");
  }

  @Test
  void aSinceThatIsNotAnInstantIsAUsageError() {
    int[] code = new int[1];
    String error =
        standardError(
            () ->
                code[0] =
                    CarelakeCli.execute(
                        "fhir", "export", "--since", "yesterday", "--output", folder.toString()));

    assertThat(code[0]).isEqualTo(CarelakeCli.EXIT_USAGE);
    assertThat(error)
        .contains(
            "--since 'yesterday' is not an ISO-8601 instant; give one in UTC such as"
                + " 2024-05-01T00:00:00Z, for example the transactionTime of an earlier export's"
                + " manifest.");
  }

  @Test
  void benchFhirWritesItsReport() {
    Path report = folder.resolve("bench-fhir.json");

    int code =
        CarelakeCli.execute("bench", "fhir", "--resources", "60", "--output", report.toString());

    assertThat(code).isZero();
    assertThat(report).content().contains("\"map-serialize\"").contains("\"validate\"");
  }
}
