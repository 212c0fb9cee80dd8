package org.carelake.app.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.extract.IngestTable;
import org.carelake.source.DeletionLog;
import org.carelake.source.SourceColumn;
import org.carelake.source.SourceSchema;
import org.carelake.source.SourceTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one declaration of the source tables ({@link SourceTable}, {@link DeletionLog}) against the
 * schema the migrations V1..Vn build in a real PostgreSQL: a migration that adds, drops or retypes
 * a column without the declaration (or the other way round) fails here.
 */
class SourceTableDeclarationIT {
  private static JdbcEndpoint source;

  @BeforeAll
  static void migrate() {
    source = TestDatabases.fresh();
    SourceSchema.migrate(source);
  }

  @Test
  void everyDeclaredColumnExistsWithItsTypeAndTheTableHasNoUndeclaredColumn() throws SQLException {
    for (SourceTable table : SourceTable.values()) {
      Map<String, String> migrated = columns(table.tableName());
      Map<String, String> declared = new LinkedHashMap<>();
      for (SourceColumn column : table.declaredColumns()) {
        declared.put(column.name(), column.type().postgresName());
      }
      declared.put(SourceTable.CREATED_AT, SourceColumn.Type.TIMESTAMPTZ.postgresName());
      declared.put(SourceTable.UPDATED_AT, SourceColumn.Type.TIMESTAMPTZ.postgresName());

      assertThat(migrated).as(table.tableName()).containsExactlyInAnyOrderEntriesOf(declared);
    }
  }

  @Test
  void theDeclaredKeyIsThePrimaryKeyOfEveryTable() throws SQLException {
    for (SourceTable table : SourceTable.values()) {
      assertThat(primaryKey(table.tableName()))
          .as(table.tableName())
          .containsExactly(table.keyColumn());
    }
    assertThat(primaryKey(DeletionLog.TABLE)).containsExactly(DeletionLog.KEY_COLUMN);
  }

  @Test
  void theDeletionLogHasTheDeclaredColumns() throws SQLException {
    assertThat(columns(DeletionLog.TABLE))
        .containsOnlyKeys(
            DeletionLog.KEY_COLUMN,
            DeletionLog.TABLE_COLUMN,
            DeletionLog.PRIMARY_KEY_COLUMN,
            DeletionLog.WATERMARK_COLUMN)
        .containsEntry(DeletionLog.WATERMARK_COLUMN, "timestamp with time zone");
  }

  @Test
  void extractionReadsEveryDeclaredTableByItsKeyAndChangeTimestamp() throws SQLException {
    assertThat(IngestTable.RECORDS).hasSize(SourceTable.values().length);
    for (IngestTable table : IngestTable.ALL) {
      assertThat(columns(table.name()))
          .as(table.name())
          .containsKeys(table.keyColumn(), table.watermarkColumn());
    }
  }

  private static Map<String, String> columns(String table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (Connection connection = source.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
      query.setString(1, table);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return columns;
  }

  private static List<String> primaryKey(String table) throws SQLException {
    try (Connection connection = source.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                    + " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ?::regclass AND"
                    + " i.indisprimary")) {
      query.setString(1, table);
      try (ResultSet rows = query.executeQuery()) {
        List<String> key = new java.util.ArrayList<>();
        while (rows.next()) {
          key.add(rows.getString(1));
        }
        return key;
      }
    }
  }
}
