package org.carelake.synth;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.source.CopyText;
import org.carelake.source.Manifest;
import org.carelake.source.Row;
import org.carelake.source.SourceSchema;
import org.carelake.source.SourceTable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Changes the source as a day of EHR use does, and records every change in the manifest.
 *
 * <p>Input: the source (it must hold data, generated or imported) and the settings. Output: a
 * {@link ChurnSummary}. Side effects, all in one transaction: the planned rows are inserted with
 * COPY, updated and deleted (the database's triggers set {@code updated_at} and write the {@code
 * source_deletions} tombstones), one manifest entry per changed row is written to {@code
 * carelake_manifest} (change {@code insert}, {@code update} or {@code delete}, the table, the
 * primary key, the kind and for updates the columns), and the batch to {@code carelake_batches}
 * with the day it stands for. A failure leaves the source as it was.
 *
 * <p>Each batch is one day: the day after the latest batch ({@link PatientGenerator#AS_OF} for
 * generated data, the day of the latest encounter for an import). Planning and applying share one
 * REPEATABLE READ snapshot, so a concurrent writer makes churn fail rather than record a change it
 * did not make. See {@link ChurnPlanner} for what happens during a day.
 */
public final class EhrChurn {
  private EhrChurn() {}

  /**
   * Applies one day of changes.
   *
   * @param source the source database; the reference schema is brought up to date first
   * @param settings how many changes and the seed
   * @return what changed
   */
  public static ChurnSummary churn(JdbcEndpoint source, ChurnSettings settings) {
    long started = System.nanoTime();
    SourceSchema.migrate(source);
    try (Connection connection = source.connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        statement.execute("SET LOCAL DateStyle = ISO, YMD");
      }
      int batch = nextBatch(connection);
      LocalDate day = day(connection);
      ChurnPlanner planner = new ChurnPlanner(connection, batch, day, settings.seed());
      planner.plan(settings.changes());
      apply(connection, planner);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO carelake_batches (batch_id, operation, seed, parameters, as_of)"
                  + " VALUES (?, 'churn', ?, ?, ?)")) {
        insert.setInt(1, batch);
        insert.setLong(2, settings.seed());
        insert.setString(3, "changes=" + settings.changes());
        insert.setObject(4, day);
        insert.executeUpdate();
      }
      connection.commit();
      return summary(batch, day, planner.entries, (System.nanoTime() - started) / 1e9);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        throw Errors.sourceSchemaMissing("patients", e);
      }
      throw Errors.sourceDatabaseFailed("applying churn", e);
    }
  }

  static int nextBatch(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT coalesce(max(batch_id), 0) + 1 FROM carelake_batches")) {
      result.next();
      return result.getInt(1);
    }
  }

  /**
   * The day a new batch stands for: the day after the latest batch's; for a source without
   * carelake's batches, the day after its latest encounter that is not in the future.
   */
  static LocalDate day(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet result =
          statement.executeQuery(
              "SELECT operation, as_of FROM carelake_batches ORDER BY batch_id DESC LIMIT 1")) {
        if (result.next()) {
          LocalDate asOf = result.getObject(2, LocalDate.class);
          if (asOf != null) {
            return asOf.plusDays(1);
          }
          if ("generate".equals(result.getString(1))) {
            return PatientGenerator.AS_OF.plusDays(1);
          }
        }
      }
      try (ResultSet result =
          statement.executeQuery(
              "SELECT max(admit_time)::date FROM encounters WHERE admit_time <= now()")) {
        result.next();
        LocalDate latest = result.getObject(1, LocalDate.class);
        return latest != null ? latest.plusDays(1) : LocalDate.now();
      }
    }
  }

  private static void apply(Connection connection, ChurnPlanner plan) throws SQLException {
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    Map<SourceTable, StringWriter> inserts = new EnumMap<>(SourceTable.class);
    try {
      for (Row row : plan.inserts) {
        CopyText.write(row, inserts.computeIfAbsent(row.table(), table -> new StringWriter()));
      }
      for (Map.Entry<SourceTable, StringWriter> table : inserts.entrySet()) {
        copy.copyIn(
            table.getKey().copyInStatement(), new StringReader(table.getValue().toString()));
      }
    } catch (IOException e) {
      throw new SQLException("writing the inserted rows with COPY failed: " + e, e);
    }
    Map<String, String> types = columnTypes(connection);
    Map<String, List<ChurnPlanner.Update>> updates = new LinkedHashMap<>();
    for (ChurnPlanner.Update update : plan.updates) {
      String statement =
          "UPDATE "
              + update.table().tableName()
              + " SET "
              + String.join(
                  ", ",
                  update.values().keySet().stream()
                      .map(
                          column ->
                              column
                                  + " = CAST(? AS "
                                  + types.get(update.table().tableName() + "." + column)
                                  + ")")
                      .toList())
              + " WHERE "
              + update.table().keyColumn()
              + " = ?";
      updates.computeIfAbsent(statement, key -> new ArrayList<>()).add(update);
    }
    for (Map.Entry<String, List<ChurnPlanner.Update>> group : updates.entrySet()) {
      try (PreparedStatement statement = connection.prepareStatement(group.getKey())) {
        for (ChurnPlanner.Update update : group.getValue()) {
          int index = 1;
          for (String value : update.values().values()) {
            statement.setString(index++, value);
          }
          statement.setLong(index, update.key());
          statement.addBatch();
        }
        expectOneRowEach(statement.executeBatch(), "update");
      }
    }
    Map<SourceTable, List<Long>> deletes = new EnumMap<>(SourceTable.class);
    for (ChurnPlanner.Delete delete : plan.deletes) {
      deletes.computeIfAbsent(delete.table(), table -> new ArrayList<>()).add(delete.key());
    }
    for (Map.Entry<SourceTable, List<Long>> table : deletes.entrySet()) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "DELETE FROM "
                  + table.getKey().tableName()
                  + " WHERE "
                  + table.getKey().keyColumn()
                  + " = ?")) {
        for (long key : table.getValue()) {
          statement.setLong(1, key);
          statement.addBatch();
        }
        expectOneRowEach(statement.executeBatch(), "delete");
      }
    }
    StringWriter manifest = new StringWriter();
    try {
      for (Manifest.Entry entry : plan.entries) {
        Manifest.write(entry, manifest);
      }
      copy.copyIn(Manifest.COPY_STATEMENT, new StringReader(manifest.toString()));
    } catch (IOException e) {
      throw new SQLException("writing the manifest with COPY failed: " + e, e);
    }
  }

  private static void expectOneRowEach(int[] counts, String operation) throws SQLException {
    for (int count : counts) {
      if (count != 1) {
        throw new SQLException(
            "a planned "
                + operation
                + " changed "
                + count
                + " rows instead of 1; another session changed the source meanwhile");
      }
    }
  }

  private static Map<String, String> columnTypes(Connection connection) throws SQLException {
    Map<String, String> types = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = current_schema()")) {
      while (result.next()) {
        types.put(result.getString(1) + "." + result.getString(2), result.getString(3));
      }
    }
    return types;
  }

  private static ChurnSummary summary(
      int batch, LocalDate day, List<Manifest.Entry> entries, double seconds) {
    Map<SourceTable, long[]> counts = new EnumMap<>(SourceTable.class);
    Map<String, Long> kinds = new TreeMap<>();
    for (Manifest.Entry entry : entries) {
      long[] count = counts.computeIfAbsent(entry.table(), table -> new long[3]);
      switch (entry.change()) {
        case "insert" -> count[0]++;
        case "update" -> count[1]++;
        default -> count[2]++;
      }
      kinds.merge(entry.change() + " " + entry.kind(), 1L, Long::sum);
    }
    Map<String, ChurnSummary.TableChanges> tables = new LinkedHashMap<>();
    for (SourceTable table : SourceTable.values()) {
      long[] count = counts.getOrDefault(table, new long[3]);
      tables.put(table.tableName(), new ChurnSummary.TableChanges(count[0], count[1], count[2]));
    }
    return new ChurnSummary(batch, day, tables, kinds, seconds);
  }
}
