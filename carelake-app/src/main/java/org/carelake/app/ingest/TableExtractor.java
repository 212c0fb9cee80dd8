package org.carelake.app.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carelake.app.services.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.lake.LakePaths;
import org.carelake.lake.raw.RawManifest;
import org.carelake.lake.raw.RawZone;
import org.postgresql.PGConnection;

/**
 * Extracts the rows of one source table that changed in a time window into the raw zone, with
 * PostgreSQL's COPY (millions of rows a second, where row-by-row reads manage thousands).
 *
 * <p><b>Watermarks without lost rows.</b> A row's {@code updated_at} is its writing transaction's
 * start time ({@code now()}), and a transaction can commit long after it started. Taking the
 * largest {@code updated_at} seen as the next lower bound would lose the rows of a transaction that
 * began before it but committed after the extract. So the upper bound of each window is the start
 * time of the oldest transaction still open on the server (or now, when none is): every row below
 * it is committed or never will be, and the window {@code [from, to)} is complete. This needs the
 * extracting user to see other sessions in {@code pg_stat_activity} (a superuser, or a member of
 * {@code pg_read_all_stats}).
 *
 * <p>Timestamps are written in ISO-8601 UTC; all other values as PostgreSQL prints them.
 */
public final class TableExtractor {
  private static final String ISO_UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";

  private final JdbcEndpoint source;
  private final RawZone rawZone;

  /** An extractor from a source database into a raw zone. */
  public TableExtractor(JdbcEndpoint source, RawZone rawZone) {
    this.source = source;
    this.rawZone = rawZone;
  }

  /**
   * Extracts the rows changed since a watermark, or all rows when there is none.
   *
   * @param runId the run
   * @param table the table
   * @param watermarkFrom the inclusive lower bound (ISO-8601 UTC), or empty for everything
   * @return the landed extract's manifest; its {@code watermark_to} is the next lower bound
   */
  public RawManifest extract(String runId, IngestTable table, Optional<String> watermarkFrom) {
    Optional<RawManifest> landed = rawZone.manifest(LakePaths.EHR, table.name(), runId);
    if (landed.isPresent()) {
      return landed.get();
    }
    try (Connection connection = source.connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TIME ZONE 'UTC'");
      }
      List<RawManifest.Column> columns = columns(connection, table);
      checkDrift(table, columns, runId);
      String watermarkTo = safeUpperBound(connection);
      String sql = copySql(table, columns, watermarkFrom, watermarkTo);
      RawZone.Extract extract =
          new RawZone.Extract(
              runId, LakePaths.EHR, table.name(), watermarkFrom.orElse(null), watermarkTo, columns);
      return rawZone.land(
          extract, out -> connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out));
    } catch (SQLException e) {
      throw Errors.extractFailed(table.name(), e);
    }
  }

  private static List<RawManifest.Column> columns(Connection connection, IngestTable table)
      throws SQLException {
    List<RawManifest.Column> columns = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ?"
                + " ORDER BY ordinal_position")) {
      statement.setString(1, table.name());
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          columns.add(new RawManifest.Column(result.getString(1), result.getString(2)));
        }
      }
    }
    if (columns.isEmpty()) {
      throw Errors.sourceTableMissing(table.name());
    }
    List<String> needed = new ArrayList<>(List.of(table.keyColumn(), table.watermarkColumn()));
    if (table.kind() == IngestTable.Kind.RECORDS) {
      needed.add("created_at");
    }
    for (String column : needed) {
      if (columns.stream().noneMatch(candidate -> candidate.name().equals(column))) {
        throw Errors.sourceColumnMissing(table.name(), column);
      }
    }
    return columns;
  }

  /**
   * Compares the table's columns with those of its last landed extract: added columns flow through
   * to bronze, but a removed or retyped column stops the extraction, before anything is landed,
   * with a message that names the column and the change.
   */
  private void checkDrift(IngestTable table, List<RawManifest.Column> columns, String runId) {
    Optional<RawManifest> previous = rawZone.previous(LakePaths.EHR, table.name(), runId);
    if (previous.isEmpty()) {
      return;
    }
    for (RawManifest.Column before : previous.get().columns()) {
      Optional<RawManifest.Column> now =
          columns.stream().filter(column -> column.name().equals(before.name())).findFirst();
      if (now.isEmpty()) {
        throw Errors.schemaDrift(table.name(), before.name(), "was removed");
      }
      if (!now.get().type().equals(before.type())) {
        throw Errors.schemaDrift(
            table.name(),
            before.name(),
            "changed type from " + before.type() + " to " + now.get().type());
      }
    }
  }

  /** The start of the oldest open transaction on the server, or now; ISO-8601 UTC. */
  static String safeUpperBound(Connection connection) throws SQLException {
    String sql =
        "SELECT to_char(LEAST(clock_timestamp(), COALESCE(("
            + "SELECT min(xact_start) FROM pg_stat_activity"
            + " WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()"
            + " AND backend_type = 'client backend'), clock_timestamp())) AT TIME ZONE 'UTC', "
            + ISO_UTC
            + ")";
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }

  private static String copySql(
      IngestTable table,
      List<RawManifest.Column> columns,
      Optional<String> watermarkFrom,
      String watermarkTo) {
    String select =
        columns.stream()
            .map(
                column ->
                    column.type().startsWith("timestamp with time zone")
                        ? "to_char("
                            + quote(column.name())
                            + " AT TIME ZONE 'UTC', "
                            + ISO_UTC
                            + ") AS "
                            + quote(column.name())
                        : quote(column.name()))
            .collect(Collectors.joining(", "));
    String watermark = quote(table.watermarkColumn());
    String where =
        watermarkFrom.map(from -> watermark + " >= " + literal(from) + " AND ").orElse("")
            + watermark
            + " < "
            + literal(watermarkTo);
    return "COPY (SELECT "
        + select
        + " FROM "
        + quote(table.name())
        + " WHERE "
        + where
        + " ORDER BY "
        + quote(table.keyColumn())
        + ") TO STDOUT WITH (FORMAT csv, HEADER true)";
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String timestamp) {
    return "'" + timestamp.replace("'", "''") + "'::timestamptz";
  }
}
