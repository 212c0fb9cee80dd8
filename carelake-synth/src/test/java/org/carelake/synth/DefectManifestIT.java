package org.carelake.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.carelake.config.JdbcEndpoint;
import org.carelake.source.SourceTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

class DefectManifestIT {
  private static final long SEED = 7;
  private static JdbcEndpoint clean;
  private static JdbcEndpoint defective;

  @BeforeAll
  static void generateBoth() {
    clean = TestDatabases.fresh();
    defective = TestDatabases.fresh();
    EhrGenerator.generate(clean, new GeneratorSettings(500, SEED, 0));
    EhrGenerator.generate(defective, new GeneratorSettings(500, SEED, 0.04));
  }

  @Test
  void theManifestNamesExactlyTheRowsThatDifferFromTheCleanData() throws Exception {
    Map<String, Set<Long>> manifest = new TreeMap<>();
    try (Connection connection = defective.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT table_name, primary_key FROM carelake_manifest")) {
      while (rows.next()) {
        manifest.computeIfAbsent(rows.getString(1), table -> new TreeSet<>()).add(rows.getLong(2));
      }
    }
    Map<String, Set<Long>> changed = new TreeMap<>();
    for (SourceTable table : SourceTable.values()) {
      Map<Long, String> before = rows(clean, table);
      Map<Long, String> after = rows(defective, table);
      Set<Long> keys = new TreeSet<>();
      after.forEach(
          (key, line) -> {
            if (!line.equals(before.get(key))) {
              keys.add(key);
            }
          });
      assertThat(before.keySet()).as("rows of %s", table).isSubsetOf(after.keySet());
      if (!keys.isEmpty()) {
        changed.put(table.tableName(), keys);
      }
    }

    assertThat(changed).isEqualTo(manifest);
  }

  @Test
  void everyDefectKindOccursAtThisRate() throws SQLException {
    Set<String> kinds = new HashSet<>();
    try (Connection connection = defective.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT DISTINCT kind FROM carelake_manifest")) {
      while (rows.next()) {
        kinds.add(rows.getString(1));
      }
    }
    assertThat(kinds)
        .contains(
            "missing_value",
            "malformed_icd10",
            "unknown_icd10",
            "non_billable_icd10",
            "discharge_before_admit",
            "birth_after_encounter",
            "future_date",
            "lab_wrong_unit",
            "lab_implausible_value",
            "duplicate_patient",
            "bad_phone",
            "bad_email",
            "bad_zip",
            "stray_whitespace",
            "mixed_case",
            "non_ascii_name");
  }

  @Test
  void cleanDataHasAnEmptyManifest() throws SQLException {
    try (Connection connection = clean.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM carelake_manifest")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }

  private static Map<Long, String> rows(JdbcEndpoint endpoint, SourceTable table) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Connection connection = endpoint.connect()) {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut(
              "COPY (SELECT "
                  + String.join(", ", table.columns())
                  + " FROM "
                  + table.tableName()
                  + ") TO STDOUT",
              out);
    }
    Map<Long, String> rows = new HashMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        rows.put(Long.parseLong(line.substring(0, line.indexOf('\t'))), line);
      }
    }
    return rows;
  }
}
