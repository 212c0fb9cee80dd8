package org.carelake.lake.publish;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.carelake.core.Errors;

/**
 * Publishes a gold table to a SQL database (PostgreSQL, SQL Server, Azure SQL) so that readers
 * never see it half written.
 *
 * <p>Spark's JDBC writer fills a staging table {@code <table>__staging} in parallel; then one
 * transaction replaces the published rows with the staged ones. When the columns are unchanged the
 * published table is emptied and refilled, which keeps views and grants that depend on it; when
 * they changed it is dropped and the staging table takes its name.
 */
final class JdbcPublisher {
  private final String url;
  private final Properties connectionProperties;

  /**
   * A publisher to one database.
   *
   * @param url the JDBC URL
   * @param connectionProperties user and password
   */
  public JdbcPublisher(String url, Properties connectionProperties) {
    this.url = url;
    this.connectionProperties = connectionProperties;
  }

  /**
   * Replaces the contents of {@code schema.table} with the given rows.
   *
   * @return the number of rows now published
   */
  public long publish(Dataset<Row> rows, String schema, String table) {
    Dialect dialect = Dialect.of(url);
    String target = schema + "." + table;
    String staging = schema + "." + table + "__staging";
    try (Connection connection = DriverManager.getConnection(url, connectionProperties)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(dialect.createSchema(schema));
      }
      rows.write().mode("overwrite").jdbc(url, staging, connectionProperties);
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        List<String> published = columns(connection, schema, table);
        if (published.equals(columns(connection, schema, table + "__staging"))) {
          statement.execute("DELETE FROM " + target);
          statement.execute("INSERT INTO " + target + " SELECT * FROM " + staging);
          statement.execute("DROP TABLE " + staging);
        } else {
          if (!published.isEmpty()) {
            statement.execute("DROP TABLE " + target);
          }
          statement.execute(dialect.rename(schema, table + "__staging", table));
        }
        long count;
        try (ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + target)) {
          result.next();
          count = result.getLong(1);
        }
        connection.commit();
        return count;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Errors.publishFailed(target, url, e);
    }
  }

  private static List<String> columns(Connection connection, String schema, String table)
      throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    List<String> names = new ArrayList<>();
    for (String candidate : List.of(table, table.toLowerCase(Locale.ROOT))) {
      try (ResultSet result = metadata.getColumns(null, schema, candidate, null)) {
        while (result.next()) {
          names.add(
              result.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)
                  + " "
                  + result.getString("TYPE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      if (!names.isEmpty()) {
        break;
      }
    }
    return names;
  }

  /** The SQL that differs between the supported databases. */
  enum Dialect {
    POSTGRESQL,
    SQL_SERVER;

    static Dialect of(String url) {
      return url.startsWith("jdbc:sqlserver:") ? SQL_SERVER : POSTGRESQL;
    }

    String createSchema(String schema) {
      return this == SQL_SERVER
          ? "IF SCHEMA_ID('" + schema + "') IS NULL EXEC('CREATE SCHEMA " + schema + "')"
          : "CREATE SCHEMA IF NOT EXISTS " + schema;
    }

    String rename(String schema, String from, String to) {
      return this == SQL_SERVER
          ? "EXEC sp_rename '" + schema + "." + from + "', '" + to + "'"
          : "ALTER TABLE " + schema + "." + from + " RENAME TO " + to;
    }
  }
}
