package org.carelake.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Row counts and a content fingerprint of whatever the source database holds.
 *
 * <p>The fingerprint is a SHA-256 over every EHR table in the reference schema's order, each read
 * with {@code COPY (SELECT ... ORDER BY primary key) TO STDOUT} in fixed session settings
 * (DateStyle ISO), without {@code created_at} and {@code updated_at}: those say when a row was
 * loaded, not what it holds. The same rows therefore give the same fingerprint on any server and at
 * any time. Cost: one full ordered scan of every table (about a second per few million rows).
 */
public final class SourceStats {
  private SourceStats() {}

  /**
   * Reads the source's row counts and fingerprint.
   *
   * @param source the source database; it must hold the reference schema
   * @return the counts, the fingerprint and the seconds the reading took
   */
  public static GenerationSummary read(JdbcEndpoint source) {
    long started = System.nanoTime();
    try (Connection connection = source.connect()) {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      try (Statement statement = connection.createStatement()) {
        // One snapshot for every table, so counts and fingerprint agree under concurrent writes.
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      }
      GenerationSummary summary = read(connection, started);
      connection.commit();
      return summary;
    } catch (SQLException e) {
      throw Errors.sourceDatabaseFailed("reading the row counts and fingerprint", e);
    }
  }

  /**
   * The ground-truth manifest in numbers: entries per change and kind ({@code "defect
   * missing_value"}, {@code "update discharge"}, ...), in that order.
   *
   * @param source the source database
   * @return entry counts, empty when the source has no manifest entries
   */
  public static Map<String, Long> manifest(JdbcEndpoint source) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = source.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT change, kind, count(*) FROM carelake_manifest GROUP BY change, kind"
                    + " ORDER BY change, kind")) {
      while (rows.next()) {
        counts.put(rows.getString(1) + " " + rows.getString(2), rows.getLong(3));
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        throw Errors.sourceSchemaMissing("carelake_manifest", e);
      }
      throw Errors.sourceDatabaseFailed("reading the manifest", e);
    }
    return counts;
  }

  /**
   * Reads counts and fingerprint on an open connection, inside the caller's transaction.
   *
   * @param connection an open connection to the source
   * @param startedNanos the {@link System#nanoTime()} the caller started at, for the seconds
   * @return the counts, the fingerprint and the seconds since {@code startedNanos}
   * @throws SQLException when the database fails
   */
  public static GenerationSummary read(Connection connection, long startedNanos)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    MessageDigest digest = sha256();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL DateStyle = ISO, YMD");
      statement.execute("SET LOCAL extra_float_digits = 1");
      for (SourceTable table : SourceTable.values()) {
        try (ResultSet result =
            statement.executeQuery("SELECT count(*) FROM " + table.tableName())) {
          result.next();
          counts.put(table.tableName(), result.getLong(1));
        } catch (SQLException e) {
          if ("42P01".equals(e.getSQLState())) {
            throw Errors.sourceSchemaMissing(table.tableName(), e);
          }
          throw e;
        }
      }
    }
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      for (SourceTable table : SourceTable.values()) {
        sink.write((table.tableName() + "\n").getBytes(StandardCharsets.UTF_8));
        copy.copyOut(
            "COPY (SELECT "
                + String.join(", ", table.columns())
                + " FROM "
                + table.tableName()
                + " ORDER BY "
                + table.keyColumn()
                + ") TO STDOUT",
            sink);
      }
    } catch (IOException e) {
      throw new SQLException("reading the tables for the fingerprint failed: " + e, e);
    }
    return new GenerationSummary(
        counts,
        HexFormat.of().formatHex(digest.digest()),
        (System.nanoTime() - startedNanos) / 1e9);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
