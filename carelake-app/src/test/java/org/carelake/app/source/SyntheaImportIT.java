package org.carelake.app.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.CarelakeException;
import org.carelake.core.ConfigException;
import org.carelake.synth.ChurnSettings;
import org.carelake.synth.ChurnSummary;
import org.carelake.synth.EhrChurn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheaImportIT {
  private static Path v3;
  private static Path map;
  private static JdbcEndpoint source;
  private static SyntheaSummary summary;

  @BeforeAll
  static void importTheFixture() throws URISyntaxException {
    v3 = fixture("synthea/v3");
    map = fixture("synthea/snomed-icd10.csv");
    source = TestDatabases.fresh();
    summary = SyntheaImport.load(source, v3, Optional.empty(), line -> {});
  }

  @Test
  void everyFileLoadsIntoItsTableWithTheExpectedCounts() {
    assertThat(summary.source().rowCounts())
        .containsEntry("organizations", 2L)
        .containsEntry("facilities", 2L)
        .containsEntry("practitioners", 2L)
        .containsEntry("patients", 3L)
        .containsEntry("encounters", 6L)
        .containsEntry("diagnoses", 6L)
        .containsEntry("problems", 0L)
        .containsEntry("allergies", 2L)
        .containsEntry("prescriptions", 3L)
        .containsEntry("lab_results", 4L)
        .containsEntry("appointments", 0L)
        .containsEntry("observations", 3L);
    assertThat(summary.conditions()).isEqualTo(6);
    assertThat(summary.observationsSkipped()).isEqualTo(1);
    assertThat(summary.unresolvedReferences()).isZero();
    assertThat(summary.missingFiles()).containsExactly("immunizations.csv", "procedures.csv");
  }

  @Test
  void conditionsKeepTheirSnomedCodeAndLeaveIcd10EmptyWithoutAMap() throws SQLException {
    assertThat(
            query(
                source,
                "SELECT diagnosis_id, encounter_id, icd10_code, diagnosis_rank, snomed_code,"
                    + " description FROM diagnoses WHERE diagnosis_id IN (2, 6)"
                    + " ORDER BY diagnosis_id"))
        .containsExactly(
            List.of("2", "2", "null", "primary", "444814009", "Viral sinusitis (disorder)"),
            List.of(
                "6", "1", "null", "secondary", "44054006", "Diabetes mellitus type 2 (disorder)"));
    assertThat(query(source, "SELECT count(*) FROM problems")).containsExactly(List.of("0"));
    assertThat(summary.mappedToIcd10()).isZero();
  }

  @Test
  void theUsersMapFillsIcd10OnlyForTheConceptsItNames() throws SQLException {
    JdbcEndpoint mapped = TestDatabases.fresh();
    SyntheaSummary withMap =
        SyntheaImport.load(mapped, v3, Optional.of(SnomedIcd10Map.read(map)), line -> {});

    assertThat(withMap.mappedToIcd10()).isEqualTo(2);
    assertThat(
            query(
                mapped,
                "SELECT snomed_code, icd10_code FROM diagnoses WHERE icd10_code IS NOT NULL"
                    + " ORDER BY diagnosis_id"))
        .containsExactly(List.of("59621000", "I10"), List.of("44054006", "E11.9"));
  }

  @Test
  void uuidsBecomeKeysInFileOrderAndAreKeptBesideThem() throws SQLException {
    assertThat(
            query(
                source,
                "SELECT table_name, primary_key, system, external_id FROM carelake_external_ids"
                    + " WHERE table_name IN ('patients', 'encounters') AND primary_key IN (1, 3)"
                    + " ORDER BY table_name, primary_key"))
        .containsExactly(
            List.of("encounters", "1", "synthea", "e1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8"),
            List.of("encounters", "3", "synthea", "e3c4d5e6-f708-4192-a3b4-c5d6e7f80912"),
            List.of("patients", "1", "synthea", "5f3a9c1e-6b2d-4e8f-a7c9-1d0e2f3a4b5c"),
            List.of("patients", "3", "synthea", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"));
    assertThat(query(source, "SELECT count(*) FROM carelake_external_ids"))
        .containsExactly(List.of("15"));
    assertThat(
            query(
                source,
                "SELECT patient_id, attending_practitioner_id, facility_id FROM encounters"
                    + " WHERE encounter_id = 3"))
        .containsExactly(List.of("2", "1", "1"));
  }

  @Test
  void patientsEncountersAndLabsCarryTheExportsValues() throws SQLException {
    assertThat(
            query(
                source,
                "SELECT mrn, given_name, family_name, sex, address_line, zip, deceased_date"
                    + " FROM patients ORDER BY patient_id"))
        .containsExactly(
            List.of(
                "5f3a9c1e-6b2d-4e8f-a7c9-1d0e2f3a4b5c",
                "Odette84",
                "Mertz280",
                "female",
                "123 Ortiz Ramp, Unit 4",
                "01432",
                "null"),
            List.of(
                "c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f",
                "Jayden519",
                "Crona259",
                "male",
                "884 Tromp Gate",
                "01851",
                "null"),
            List.of(
                "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
                "Walter473",
                "Stehr398",
                "male",
                "57 Wisozk Way",
                "null",
                "2021-03-11"));
    assertThat(
            query(
                source,
                "SELECT encounter_class, admit_time, discharge_time FROM encounters"
                    + " ORDER BY encounter_id"))
        .extracting(row -> row.get(0))
        .containsExactly(
            "outpatient", "outpatient", "emergency", "inpatient", "outpatient", "virtual");
    assertThat(
            query(
                source,
                "SELECT admit_time, discharge_time FROM encounters WHERE encounter_id IN (3, 6)"
                    + " ORDER BY encounter_id"))
        .containsExactly(
            List.of("2021-01-22 03:11:45", "2021-01-22 07:41:45"),
            List.of("2021-09-28 15:20:00", "null"));
    assertThat(
            query(
                source,
                "SELECT loinc_code, value_numeric, value_text, unit FROM lab_results"
                    + " ORDER BY lab_result_id"))
        .containsExactly(
            List.of("4548-4", "7.4", "null", "%"),
            List.of("2339-0", "148.2", "null", "mg/dL"),
            List.of("6690-2", "9.1", "null", "10*3/uL"),
            List.of("94531-1", "null", "Not detected (qualifier value)", "null"));
    assertThat(
            query(
                source,
                "SELECT code_system, category, reaction, severity, status FROM allergies"
                    + " ORDER BY allergy_id"))
        .containsExactly(
            List.of("RxNorm", "medication", "Wheal (finding)", "mild", "active"),
            List.of("SNOMED-CT", "environment", "null", "null", "inactive"));
    assertThat(
            query(
                source,
                "SELECT given_name, family_name, specialty FROM practitioners"
                    + " WHERE practitioner_id = 2"))
        .containsExactly(List.of("Genaro573", "Rempel203", "GENERAL PRACTICE"));
  }

  @Test
  void anOlderExportWithoutTheNewerColumnsAndFilesLoadsToo() throws Exception {
    JdbcEndpoint older = TestDatabases.fresh();
    SyntheaSummary loaded =
        SyntheaImport.load(older, fixture("synthea/v2"), Optional.empty(), line -> {});

    assertThat(loaded.source().rowCounts())
        .containsEntry("patients", 1L)
        .containsEntry("encounters", 1L)
        .containsEntry("diagnoses", 1L)
        .containsEntry("lab_results", 1L);
    assertThat(loaded.missingFiles())
        .containsExactly(
            "organizations.csv",
            "providers.csv",
            "medications.csv",
            "allergies.csv",
            "immunizations.csv",
            "procedures.csv");
    assertThat(query(older, "SELECT diagnosis_rank, snomed_code FROM diagnoses"))
        .containsExactly(List.of("primary", "195662009"));
  }

  @Test
  void theSameExportLoadsWithTheSameFingerprint() {
    SyntheaSummary again =
        SyntheaImport.load(TestDatabases.fresh(), v3, Optional.empty(), line -> {});

    assertThat(again.source().fingerprint()).isEqualTo(summary.source().fingerprint());
  }

  @Test
  void churnContinuesAnImportedSourceTheDayAfterItsLastEncounter() {
    JdbcEndpoint imported = TestDatabases.fresh();
    SyntheaImport.load(imported, v3, Optional.empty(), line -> {});

    ChurnSummary churn = EhrChurn.churn(imported, new ChurnSettings(40, 2));

    assertThat(churn.day()).isEqualTo(LocalDate.of(2021, 9, 29));
    assertThat(churn.totalChanges()).isEqualTo(40);
  }

  @Test
  void aFolderWithoutPatientsIsRefusedWithTheFix(@TempDir Path empty) {
    assertThatThrownBy(() -> SyntheaImport.load(source, empty, Optional.empty(), line -> {}))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("has no patients.csv")
        .hasMessageContaining("exporter.csv.export=true");
  }

  @Test
  void aMapWithTwoCodesForOneConceptIsRefused(@TempDir Path folder) throws IOException {
    Path conflicting = folder.resolve("map.csv");
    Files.writeString(conflicting, "44054006,E11.9\n44054006,E11.65\n");

    assertThatThrownBy(() -> SnomedIcd10Map.read(conflicting))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("mapped to both E11.9 and E11.65");
  }

  @Test
  void aDamagedFileIsNamedWithItsLineAndColumnButNoValue(@TempDir Path folder) throws IOException {
    Files.copy(v3.resolve("encounters.csv"), folder.resolve("encounters.csv"));
    Files.writeString(
        folder.resolve("patients.csv"),
        "Id,BIRTHDATE,FIRST\n5f3a9c1e-6b2d-4e8f-a7c9-1d0e2f3a4b5c,17/04/1961,Odette84\n");

    assertThatThrownBy(() -> SyntheaImport.load(source, folder, Optional.empty(), line -> {}))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("line 2, column BIRTHDATE: not a date in the form YYYY-MM-DD")
        .hasMessageNotContaining("17/04/1961")
        .hasMessageNotContaining("Odette84");
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(SyntheaImportIT.class.getClassLoader().getResource(name).toURI());
  }

  private static List<List<String>> query(JdbcEndpoint endpoint, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection connection = endpoint.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(String.valueOf(result.getString(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
