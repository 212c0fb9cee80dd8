package org.carelake.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.CarelakeException;
import org.carelake.source.SourceStats;
import org.carelake.source.SourceTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

class EhrChurnIT {
  private static final GeneratorSettings DATA = new GeneratorSettings(300, 11, 0.02);
  private static final ChurnSettings CHURN = new ChurnSettings(400, 3);

  private static JdbcEndpoint source;
  private static Map<SourceTable, Map<Long, String>> before;
  private static Map<SourceTable, Map<Long, String>> after;
  private static ChurnSummary summary;

  @BeforeAll
  static void generateAndChurn() throws Exception {
    source = TestDatabases.fresh();
    EhrGenerator.generate(source, DATA);
    before = snapshot(source);
    summary = EhrChurn.churn(source, CHURN);
    after = snapshot(source);
  }

  @Test
  void theManifestNamesExactlyTheRowsThatChanged() throws Exception {
    Map<String, Set<String>> changed = new TreeMap<>();
    for (SourceTable table : SourceTable.values()) {
      Map<Long, String> old = before.get(table);
      Map<Long, String> now = after.get(table);
      now.forEach(
          (key, line) -> {
            if (!old.containsKey(key)) {
              changed.computeIfAbsent("insert", c -> new TreeSet<>()).add(table + " " + key);
            } else if (!old.get(key).equals(line)) {
              changed.computeIfAbsent("update", c -> new TreeSet<>()).add(table + " " + key);
            }
          });
      old.keySet().stream()
          .filter(key -> !now.containsKey(key))
          .forEach(
              key ->
                  changed.computeIfAbsent("delete", c -> new TreeSet<>()).add(table + " " + key));
    }

    Map<String, Set<String>> manifest = new TreeMap<>();
    for (List<String> entry :
        query(
            "SELECT change, table_name, primary_key FROM carelake_manifest WHERE batch_id = "
                + summary.batch())) {
      String table = SourceTable.valueOf(entry.get(1).toUpperCase()).toString();
      manifest.computeIfAbsent(entry.get(0), c -> new TreeSet<>()).add(table + " " + entry.get(2));
    }

    assertThat(manifest).isEqualTo(changed);
    assertThat(manifest.keySet()).containsExactly("delete", "insert", "update");
    assertThat(summary.totalChanges()).isEqualTo(CHURN.changes());
    assertThat(query("SELECT count(*) FROM carelake_manifest WHERE batch_id = " + summary.batch()))
        .containsExactly(List.of(String.valueOf(CHURN.changes())));
  }

  @Test
  void exactlyTheInsertedAndUpdatedRowsCarryTheChurnTimeInUpdatedAt() throws SQLException {
    long stamped = 0;
    for (SourceTable table : SourceTable.values()) {
      stamped +=
          Long.parseLong(
              query(
                      "SELECT count(*) FROM "
                          + table.tableName()
                          + " WHERE updated_at >= (SELECT started_at FROM carelake_batches"
                          + " WHERE batch_id = "
                          + summary.batch()
                          + ")")
                  .get(0)
                  .get(0));
    }
    long insertedOrUpdated =
        summary.tables().values().stream()
            .mapToLong(counts -> counts.inserted() + counts.updated())
            .sum();

    assertThat(stamped).isEqualTo(insertedOrUpdated);
  }

  @Test
  void everyDeleteLeavesATombstoneInSourceDeletions() throws SQLException {
    List<List<String>> deleted =
        query(
            "SELECT table_name, primary_key FROM carelake_manifest WHERE change = 'delete'"
                + " ORDER BY 1, 2");
    List<List<String>> tombstones =
        query("SELECT table_name, primary_key FROM source_deletions ORDER BY 1, 2");

    assertThat(deleted).isNotEmpty();
    assertThat(tombstones).isEqualTo(deleted);
  }

  @Test
  void aDayOfChurnHasTheChangesAnEhrSees() throws SQLException {
    assertThat(summary.kinds().keySet())
        .contains(
            "insert registration",
            "insert visit",
            "insert booking",
            "update address_change",
            "update corrected_diagnosis",
            "update prescription_stopped",
            "delete entered_in_error");
    assertThat(summary.day()).isEqualTo(PatientGenerator.AS_OF.plusDays(1));
    assertThat(
            query(
                "SELECT count(*) FROM encounters WHERE admit_time::date <> '"
                    + summary.day()
                    + "' AND encounter_id IN (SELECT primary_key FROM carelake_manifest WHERE"
                    + " change = 'insert' AND table_name = 'encounters')"))
        .containsExactly(List.of("0"));
  }

  @Test
  void theSameSeedOnTheSameDataMakesTheSameChanges() throws SQLException {
    JdbcEndpoint twin = TestDatabases.fresh();
    EhrGenerator.generate(twin, DATA);
    ChurnSummary again = EhrChurn.churn(twin, CHURN);

    assertThat(SourceStats.read(twin).fingerprint())
        .isEqualTo(SourceStats.read(source).fingerprint());
    assertThat(again.kinds()).isEqualTo(summary.kinds());
    String entries =
        "SELECT batch_id, change, table_name, primary_key, kind, column_name, detail"
            + " FROM carelake_manifest ORDER BY entry_id";
    assertThat(query(twin, entries)).isEqualTo(query(source, entries));
  }

  @Test
  void anotherSeedMakesOtherChangesAndEachChurnIsTheNextDay() {
    JdbcEndpoint other = TestDatabases.fresh();
    EhrGenerator.generate(other, DATA);
    ChurnSummary first = EhrChurn.churn(other, new ChurnSettings(400, 4));
    String fingerprint = SourceStats.read(other).fingerprint();
    ChurnSummary second = EhrChurn.churn(other, new ChurnSettings(50, 4));

    assertThat(fingerprint).isNotEqualTo(SourceStats.read(source).fingerprint());
    assertThat(first.batch()).isEqualTo(2);
    assertThat(second.batch()).isEqualTo(3);
    assertThat(second.day()).isEqualTo(LocalDate.of(2021, 10, 2));
    assertThat(second.totalChanges()).isEqualTo(50);
  }

  @Test
  void churnOnAnEmptySourceSaysToGenerateFirst() {
    JdbcEndpoint empty = TestDatabases.fresh();

    assertThatThrownBy(() -> EhrChurn.churn(empty, new ChurnSettings(10, 1)))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("no generated data")
        .hasMessageContaining("run 'carelake source generate' first");
  }

  @Test
  void aChangeCountOfZeroIsRefusedWithTheRange() {
    assertThatThrownBy(() -> new ChurnSettings(0, 1))
        .hasMessageContaining("--changes is 0")
        .hasMessageContaining("at least 1 and at most 10,000,000");
  }

  private static Map<SourceTable, Map<Long, String>> snapshot(JdbcEndpoint endpoint)
      throws Exception {
    Map<SourceTable, Map<Long, String>> tables = new TreeMap<>();
    for (SourceTable table : SourceTable.values()) {
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
      tables.put(table, rows);
    }
    return tables;
  }

  private static List<List<String>> query(String sql) throws SQLException {
    return query(source, sql);
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
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
