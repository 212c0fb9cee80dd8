package org.carelake.lake.internal.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;
import org.carelake.lake.gold.GoldMart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes gold marts to a SQL database (PostgreSQL, SQL Server, Azure SQL) so that readers never
 * see a table half written, for any mart: the table's columns, key and comments come from the
 * mart's header, its types from the gold table's Delta schema.
 *
 * <p>Spark's JDBC writer fills a staging table, created beforehand with explicit types and the
 * primary key (so a repeated or empty key fails here, before anything published changes), in
 * parallel. Then one transaction makes the published table hold the staged rows, in one of three
 * ways: a new table, or one whose layout (columns, types, key) changed, is dropped and replaced by
 * the staging table, renamed with its constraint and indexes; a table of up to {@code
 * publish.merge-threshold-rows} rows has its rows replaced in place (which keeps the views and
 * grants that depend on it); a larger one is merged by key, touching only the rows that differ. In
 * every way a key no longer in gold leaves the published table. The same transaction sets the
 * comments and the mart's row in {@code <schema>.catalog}.
 *
 * <p>A mart whose gold table is the version the catalog says was published last, in the same
 * layout, is not published again unless asked ({@link Refresh#ALWAYS}).
 */
final class JdbcPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcPublisher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether a mart whose gold has not changed since its last publish is published again. */
  enum Refresh {
    /** Skip it: the published table already holds that gold. */
    IF_CHANGED,
    /** Publish it anyway (a full run). */
    ALWAYS
  }

  /**
   * A gold table to publish.
   *
   * @param mart the mart
   * @param rows its rows, as read from Delta
   * @param version the Delta table's {@code <table id>@<version>}
   * @param refreshedAt when that version was committed
   * @param silverVersions the silver versions it was built from (empty when unknown)
   */
  record Gold(
      GoldMart mart,
      Dataset<Row> rows,
      String version,
      Instant refreshedAt,
      Map<String, String> silverVersions) {}

  private final String url;
  private final Properties connectionProperties;
  private final Dialect dialect;

  /**
   * A publisher to one database.
   *
   * @param url the JDBC URL; {@code jdbc:sqlserver:} selects the SQL Server dialect
   * @param connectionProperties user and password
   */
  JdbcPublisher(String url, Properties connectionProperties) {
    this.url = url;
    this.connectionProperties = connectionProperties;
    this.dialect = Dialect.of(url);
  }

  /**
   * Publishes one mart as {@code schema.<mart>}.
   *
   * @param gold the gold table
   * @param schema the schema to publish into
   * @param mergeThresholdRows above this many rows an existing table is merged by key
   * @param refresh whether unchanged gold is published again
   * @return what the published table holds and how it changed
   */
  PublishStep.Result publish(Gold gold, String schema, long mergeThresholdRows, Refresh refresh) {
    long started = System.nanoTime();
    GoldMart mart = gold.mart();
    if (mart.name().equalsIgnoreCase(PublishCatalog.TABLE)) {
      throw Errors.publishReservedName(mart.name());
    }
    PublishedTable table = new PublishedTable(dialect, schema, mart, gold.rows().schema());
    PublishCatalog catalog = new PublishCatalog(dialect, schema);
    try (Connection connection = DriverManager.getConnection(url, connectionProperties)) {
      execute(connection, List.of(table.createSchema()));
      execute(connection, catalog.create());
      Optional<CatalogRow> last = read(connection, catalog, mart.name());
      boolean exists = exists(connection, schema, mart.name());
      boolean sameLayout =
          exists && last.map(row -> row.layout().equals(table.layout())).orElse(false);
      if (refresh == Refresh.IF_CHANGED
          && sameLayout
          && last.get().goldVersion().equals(gold.version())) {
        LOG.info(
            "event=publish.unchanged table={} gold_version={}",
            table.displayName(),
            gold.version());
        return new PublishStep.Result(
            table.displayName(), last.get().rows(), last.get().mode(), 0, true);
      }
      execute(connection, table.createStaging());
      try {
        List<Column> columns = table.columns().stream().map(functions::col).toList();
        gold.rows()
            .select(columns.toArray(Column[]::new))
            .write()
            .mode(SaveMode.Append)
            .option("batchsize", "5000")
            .jdbc(url, table.qualifiedStaging(), connectionProperties);
        PublishStep.Result result =
            swap(connection, table, catalog, gold, sameLayout, mergeThresholdRows);
        LOG.info(
            "event=publish.done table={} rows={} mode={} changed={} seconds={}",
            result.table(),
            result.rows(),
            result.mode().word(),
            result.changed(),
            String.format(Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e9));
        return result;
      } catch (Exception e) {
        // Spark's writer throws SparkException, a checked exception Java does not see declared.
        dropStagingQuietly(connection, table);
        throw failure(mart, table, e);
      }
    } catch (Exception e) {
      throw failure(mart, table, e);
    }
  }

  private CarelakeException failure(GoldMart mart, PublishedTable table, Exception e) {
    if (e instanceof CarelakeException carelake) {
      return carelake;
    }
    if (isIntegrityViolation(e)) {
      return Errors.publishKeyViolation(mart.name(), mart.key(), url, e);
    }
    return Errors.publishFailed(table.displayName(), url, e);
  }

  /** In one transaction: the rows, the comments, the catalog row. */
  private PublishStep.Result swap(
      Connection connection,
      PublishedTable table,
      PublishCatalog catalog,
      Gold gold,
      boolean sameLayout,
      long mergeThresholdRows)
      throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      long rows = single(statement, table.countStaging());
      PublishStep.Mode mode;
      long changed;
      if (sameLayout && rows > mergeThresholdRows) {
        mode = PublishStep.Mode.MERGE;
        changed = 0;
        for (String sql : table.merge()) {
          changed += statement.executeUpdate(sql);
        }
        statement.execute(table.dropStaging());
      } else if (sameLayout) {
        mode = PublishStep.Mode.REPLACE;
        changed = single(statement, table.changedRows());
        for (String sql : table.replaceInPlace()) {
          statement.execute(sql);
        }
      } else {
        mode = PublishStep.Mode.REPLACE;
        changed = rows;
        for (String sql : table.swapByRename()) {
          statement.execute(sql);
        }
      }
      for (String sql : table.comments()) {
        statement.execute(sql);
      }
      writeCatalog(connection, catalog, table, gold, rows, mode, changed);
      connection.commit();
      return new PublishStep.Result(table.displayName(), rows, mode, changed, false);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private void writeCatalog(
      Connection connection,
      PublishCatalog catalog,
      PublishedTable table,
      Gold gold,
      long rows,
      PublishStep.Mode mode,
      long changed)
      throws SQLException {
    GoldMart mart = gold.mart();
    try (PreparedStatement delete = connection.prepareStatement(catalog.delete())) {
      delete.setString(1, mart.name());
      delete.executeUpdate();
    }
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    try (PreparedStatement insert = connection.prepareStatement(catalog.insert())) {
      int i = 1;
      insert.setString(i++, mart.name());
      insert.setString(i++, mart.grain());
      insert.setString(i++, mart.definition());
      insert.setString(i++, mart.follows().orElse(null));
      insert.setString(i++, String.join(", ", mart.key()));
      insert.setLong(i++, rows);
      insert.setString(i++, mode.word());
      insert.setLong(i++, changed);
      insert.setTimestamp(i++, Timestamp.from(gold.refreshedAt()), utc);
      insert.setTimestamp(i++, Timestamp.from(Instant.now()), utc);
      insert.setString(i++, json(gold.silverVersions()));
      insert.setString(i++, gold.version());
      insert.setString(i, table.layout());
      insert.executeUpdate();
    }
  }

  private static String json(Map<String, String> versions) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(versions));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A map of strings is always JSON", e);
    }
  }

  /** What the catalog says of a mart's last publish. */
  private record CatalogRow(String goldVersion, String layout, long rows, PublishStep.Mode mode) {}

  private static Optional<CatalogRow> read(
      Connection connection, PublishCatalog catalog, String mart) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(catalog.select())) {
      select.setString(1, mart);
      try (ResultSet result = select.executeQuery()) {
        if (!result.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new CatalogRow(
                result.getString(1),
                result.getString(2),
                result.getLong(3),
                PublishStep.Mode.of(result.getString(4))));
      }
    }
  }

  private static boolean exists(Connection connection, String schema, String table)
      throws SQLException {
    // The metadata takes LIKE patterns, in which the underscores of names are wildcards.
    DatabaseMetaData metadata = connection.getMetaData();
    String escape = metadata.getSearchStringEscape();
    try (ResultSet result =
        metadata.getTables(
            null, like(schema, escape), like(table, escape), new String[] {"TABLE"})) {
      while (result.next()) {
        if (result.getString("TABLE_NAME").equals(table)) {
          return true;
        }
      }
      return false;
    }
  }

  private static String like(String name, String escape) {
    return name.replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }

  private static void execute(Connection connection, List<String> statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** A failed attempt should not leave a staging table for analysts to find; the next drops it. */
  private static void dropStagingQuietly(Connection connection, PublishedTable table) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(table.dropStaging());
    } catch (SQLException e) {
      LOG.warn(
          "event=publish.staging_left table={} sql_state={}", table.displayName(), e.getSQLState());
    }
  }

  /** Integrity-constraint violations (SQLSTATE class 23): a repeated or empty key. */
  private static boolean isIntegrityViolation(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          if (next.getSQLState() != null && next.getSQLState().startsWith("23")) {
            return true;
          }
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
