package org.carelake.lake.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL Server statements that H2 in its MSSQLServer compatibility mode can run, run verbatim:
 * the staging and published tables' DDL (bracketed identifiers, NVARCHAR, DATETIME2, BIT, DECIMAL,
 * the named primary key, the index), the count of changed rows, the replacement in place and the
 * catalog's table and row. H2 is not SQL Server: it cannot run {@code IF ... EXEC}, {@code
 * sp_rename}, the extended properties of the comments, or {@code MERGE ... WHEN NOT MATCHED BY
 * SOURCE}; those are checked only by the golden file ({@link PublishStatementsContractTest}).
 */
class SqlServerStatementsOnH2Test {
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  private final Dialect dialect = new SqlServerDialect();
  private final PublishedTable table =
      new PublishedTable(dialect, "gold", ExampleMart.MART, ExampleMart.TYPES);
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection =
        DriverManager.getConnection(
            "jdbc:h2:mem:publish;MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE", "sa", "");
    // The dialect's own 'IF SCHEMA_ID(...) IS NULL EXEC(...)' is T-SQL that H2 does not parse.
    execute("CREATE SCHEMA [gold]");
  }

  @AfterEach
  void close() throws SQLException {
    execute("DROP ALL OBJECTS");
    connection.close();
  }

  private void execute(String... statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private void execute(List<String> statements) throws SQLException {
    execute(statements.toArray(String[]::new));
  }

  private void insert(String name, Object... values) throws SQLException {
    String marks = String.join(", ", Collections.nCopies(values.length, "?"));
    String columns = String.join(", ", table.columns().stream().map(dialect::quote).toList());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + dialect.qualified("gold", name)
                + " ("
                + columns
                + ") VALUES ("
                + marks
                + ")")) {
      for (int i = 0; i < values.length; i++) {
        insert.setObject(i + 1, values[i]);
      }
      insert.executeUpdate();
    }
  }

  private static Object[] row(String month, String facility, long stays) {
    return new Object[] {
      Date.valueOf(month),
      facility,
      "inpatient",
      stays,
      2.5,
      new BigDecimal("0.1250"),
      true,
      Timestamp.valueOf(month + " 12:00:00"),
      1970
    };
  }

  private List<String> published() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT [discharge_month], [facility], [stays] FROM [gold].[stays_by_month]"
                    + " ORDER BY [discharge_month], [facility]")) {
      while (result.next()) {
        rows.add(result.getDate(1) + " " + result.getString(2) + " " + result.getLong(3));
      }
    }
    return rows;
  }

  private long single(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  @Test
  void replacingInPlaceLeavesExactlyTheStagedRowsAndCountsTheChangedOnes() throws SQLException {
    execute(table.createPublished());
    insert(table.name(), row("2024-01-01", "A", 3));
    insert(table.name(), row("2024-01-01", "B", 4));
    insert(table.name(), row("2024-02-01", "A", 5));
    execute(table.createStaging());
    // B is deleted at the source, February's A changes, March's A is new.
    insert(table.stagingName(), row("2024-01-01", "A", 3));
    insert(table.stagingName(), row("2024-02-01", "A", 6));
    insert(table.stagingName(), row("2024-03-01", "A", 1));

    assertThat(single(table.countStaging())).isEqualTo(3);
    assertThat(single(table.changedRows())).isEqualTo(3);
    execute(table.replaceInPlace());

    assertThat(published()).containsExactly("2024-01-01 A 3", "2024-02-01 A 6", "2024-03-01 A 1");
    assertThat(connection.getMetaData().getTables(null, "gold", table.stagingName(), null).next())
        .isFalse();
  }

  @Test
  void theStagingTableRefusesARepeatedKeyUnderItsNamedPrimaryKey() throws SQLException {
    execute(table.createStaging());
    insert(table.stagingName(), row("2024-01-01", "A", 3));

    assertThatThrownBy(() -> insert(table.stagingName(), row("2024-01-01", "A", 9)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("primary key violation")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
    try (PreparedStatement constraints =
        connection.prepareStatement(
            "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                + " WHERE TABLE_NAME = ? AND CONSTRAINT_TYPE = 'PRIMARY KEY'")) {
      constraints.setString(1, table.stagingName());
      try (ResultSet result = constraints.executeQuery()) {
        assertThat(result.next()).isTrue();
        assertThat(result.getString(1)).isEqualTo("stays_by_month__staging_pkey");
      }
    }
  }

  @Test
  void theCatalogRowIsReplacedAndReadBack() throws SQLException {
    PublishCatalog catalog = new PublishCatalog(dialect, "gold");
    // The catalog's plain CREATE TABLE; the dialect wraps it in 'IF OBJECT_ID(...) IS NULL'.
    execute(catalog.createTable());
    for (String version : List.of("table-1@3", "table-1@4")) {
      try (PreparedStatement delete = connection.prepareStatement(catalog.delete());
          PreparedStatement insert = connection.prepareStatement(catalog.insert())) {
        delete.setString(1, table.name());
        delete.executeUpdate();
        Object[] values = {
          table.name(), "grain", "definition", null, "discharge_month, facility", 3L, "merge", 1L
        };
        for (int i = 0; i < values.length; i++) {
          insert.setObject(i + 1, values[i]);
        }
        insert.setTimestamp(9, Timestamp.from(Instant.parse("2026-12-05T08:00:00Z")), UTC);
        insert.setTimestamp(10, Timestamp.from(Instant.parse("2026-12-05T08:01:00Z")), UTC);
        insert.setString(11, "{\"encounters\":\"silver-1@7\"}");
        insert.setString(12, version);
        insert.setString(13, table.layout());
        insert.executeUpdate();
      }
    }

    try (PreparedStatement select = connection.prepareStatement(catalog.select())) {
      select.setString(1, table.name());
      try (ResultSet result = select.executeQuery()) {
        assertThat(result.next()).isTrue();
        assertThat(result.getString(1)).isEqualTo("table-1@4");
        assertThat(result.getString(2)).isEqualTo(table.layout());
        assertThat(result.getLong(3)).isEqualTo(3);
        assertThat(result.getString(4)).isEqualTo("merge");
        assertThat(result.next()).isFalse();
      }
    }
  }
}
