package org.carelake.app.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.carelake.app.services.JdbcEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EhrGeneratorIT {
  private static JdbcEndpoint source;
  private static GenerationSummary clean;

  @BeforeAll
  static void generateOnce() {
    source = TestDatabases.fresh();
    clean = EhrGenerator.generate(source, new GeneratorSettings(500, 42, 0));
  }

  @Test
  void theSameSeedGivesTheSameFingerprintInAnotherDatabase() {
    GenerationSummary again =
        EhrGenerator.generate(TestDatabases.fresh(), new GeneratorSettings(500, 42, 0));

    assertThat(again.fingerprint()).isEqualTo(clean.fingerprint());
    assertThat(again.rowCounts()).isEqualTo(clean.rowCounts());
  }

  @Test
  void anotherSeedGivesAnotherFingerprint() {
    GenerationSummary other =
        EhrGenerator.generate(TestDatabases.fresh(), new GeneratorSettings(500, 43, 0));

    assertThat(other.fingerprint()).isNotEqualTo(clean.fingerprint());
  }

  @Test
  void statsReadTheSameCountsAndFingerprintAsTheGeneration() {
    GenerationSummary read = SourceStats.read(source);

    assertThat(read.fingerprint()).isEqualTo(clean.fingerprint());
    assertThat(read.rowCounts()).isEqualTo(clean.rowCounts());
  }

  @Test
  void fiveHundredPatientsLoadInWellUnderFiveSeconds() {
    assertThat(clean.seconds()).isLessThan(5);
    assertThat(clean.rowCounts()).containsEntry("patients", 500L);
    assertThat(clean.rowCounts().values()).allMatch(count -> count > 0);
  }

  @Test
  void everyEncounterHasExactlyOnePrimaryDiagnosis() throws SQLException {
    assertThat(
            count(
                "SELECT count(*) FROM encounters e WHERE (SELECT count(*) FROM diagnoses d"
                    + " WHERE d.encounter_id = e.encounter_id AND d.diagnosis_rank = 'primary')"
                    + " <> 1"))
        .isZero();
  }

  @Test
  void cleanRowsUseOnlyTheDocumentedCodes() throws SQLException {
    assertThat(
            count(
                "SELECT count(*) FROM encounters WHERE encounter_class NOT IN"
                    + " ('inpatient', 'outpatient', 'emergency', 'virtual')"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM diagnoses WHERE diagnosis_rank NOT IN ('primary',"
                    + " 'secondary') OR icd10_code !~ '^[A-Z][0-9][0-9A-Z](\\.?[0-9A-Z]{1,4})?$'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM patients WHERE zip !~ '^[0-9]{5}$'")).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM encounters WHERE discharge_time < admit_time"
                    + " OR admit_time > '2021-10-01'"))
        .isZero();
  }

  @Test
  void timestampsAreKeptByTheDatabase() throws SQLException {
    assertThat(
            count(
                "SELECT count(*) FROM patients WHERE created_at IS NULL OR updated_at IS NULL"
                    + " OR updated_at < created_at"))
        .isZero();
    try (Connection connection = source.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "UPDATE patients SET updated_at = '2000-01-01', created_at = '2000-01-01'"
              + " WHERE patient_id = 1");
    }
    assertThat(
            count(
                "SELECT count(*) FROM patients WHERE patient_id = 1"
                    + " AND updated_at > now() - interval '1 minute'"
                    + " AND created_at > '2001-01-01'"))
        .isOne();
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = source.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
