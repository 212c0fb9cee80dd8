package org.carelake.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.carelake.config.JdbcEndpoint;
import org.carelake.source.SourceTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SourceTimestampsIT {
  private static JdbcEndpoint source;

  @BeforeAll
  static void generate() {
    source = TestDatabases.fresh();
    EhrGenerator.generate(source, new GeneratorSettings(50, 3, 0));
  }

  @Test
  void aBulkLoadStampsEveryRowWithItsTransactionTime() throws SQLException {
    for (SourceTable table : SourceTable.values()) {
      assertThat(
              single(
                  "SELECT count(*) FROM "
                      + table.tableName()
                      + " WHERE created_at <> (SELECT started_at FROM carelake_batches)"
                      + " OR updated_at <> created_at"))
          .as(table.tableName())
          .isEqualTo("0");
    }
  }

  @Test
  void afterABulkLoadTheDatabaseStillOverridesTimestampsAClientSends() throws SQLException {
    JdbcEndpoint changed = TestDatabases.fresh();
    EhrGenerator.generate(changed, new GeneratorSettings(20, 3, 0));
    try (Connection connection = changed.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO patients (patient_id, mrn, created_at, updated_at)"
              + " VALUES (900001, 'X', '2000-01-01', '2000-01-01')");
      statement.execute(
          "UPDATE encounters SET discharge_disposition = 'home', created_at = '2000-01-01',"
              + " updated_at = '2000-01-01' WHERE encounter_id = 1");
    }

    assertThat(
            single(
                changed,
                "SELECT created_at > '2020-01-01' FROM patients WHERE patient_id = 900001"))
        .isEqualTo("t");
    assertThat(
            single(
                changed,
                "SELECT created_at = (SELECT started_at FROM carelake_batches)"
                    + " AND updated_at > created_at FROM encounters WHERE encounter_id = 1"))
        .isEqualTo("t");
  }

  private static String single(String sql) throws SQLException {
    return single(source, sql);
  }

  private static String single(JdbcEndpoint endpoint, String sql) throws SQLException {
    try (Connection connection = endpoint.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }
}
