package org.carelake.lake.internal.extract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.raw.RawManifest;
import org.carelake.lake.raw.RawZone;
import org.postgresql.PGConnection;

/**
 * Extracts the rows of one source table that changed in a time window into the raw zone, with
 * PostgreSQL's COPY (millions of rows a second, where row-by-row reads manage thousands); a large
 * table is read in parallel primary-key ranges, one part file each.
 *
 * <p><b>Watermarks without lost rows.</b> A row's {@code updated_at} is its writing transaction's
 * start time ({@code now()}), and a transaction can commit long after it started. Taking the
 * largest {@code updated_at} seen as the next lower bound would lose the rows of a transaction that
 * began before it but committed after the extract. So the upper bound of each window is the start
 * time of the oldest transaction still open on the server (or now, when none is): every row below
 * it is committed or never will be, and the window {@code [from, to)} is complete, whichever
 * snapshot each partition reads it in. This needs the extracting user to see other sessions in
 * {@code pg_stat_activity} (a superuser, or a member of {@code pg_read_all_stats}); a session left
 * idle in a transaction holds the bound back until it ends.
 *
 * <p>Timestamps are written in ISO-8601 UTC; all other values as PostgreSQL prints them.
 */
final class TableExtractor {
  private static final String ISO_UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";

  private final JdbcEndpoint source;
  private final RawZone rawZone;
  private final ExtractSettings settings;

  /**
   * How a table is split for parallel reads.
   *
   * @param partitions how many key ranges a large table is read in, in parallel
   * @param partitionMinRows the estimated row count from which a table counts as large
   */
  public record ExtractSettings(int partitions, long partitionMinRows) {}

  /** An extractor from a source database into a raw zone. */
  public TableExtractor(JdbcEndpoint source, RawZone rawZone, ExtractSettings settings) {
    this.source = source;
    this.rawZone = rawZone;
    this.settings = settings;
  }

  /**
   * Extracts the rows changed since a watermark, or all rows when there is none.
   *
   * @param runId the run
   * @param table the table
   * @param watermarkFrom the inclusive lower bound (ISO-8601 UTC), or empty for everything
   * @return the landed extract; its {@code watermarkTo} is the next lower bound
   */
  public RawZone.Landed extract(String runId, IngestTable table, Optional<String> watermarkFrom) {
    Optional<RawZone.Landed> landed = rawZone.landed(LakePaths.EHR, table.name(), runId);
    if (landed.isPresent()) {
      return landed.get();
    }
    try (Connection connection = source.connect()) {
      utc(connection);
      List<RawManifest.Column> columns = columns(connection, table);
      checkDrift(table, columns, runId);
      String watermarkTo = safeUpperBound(connection);
      RawZone.Extract extract =
          new RawZone.Extract(
              runId, LakePaths.EHR, table.name(), watermarkFrom.orElse(null), watermarkTo, columns);
      List<String> ranges = ranges(connection, table, watermarkFrom, watermarkTo);
      List<RawManifest> parts = new ArrayList<>();
      if (ranges.size() == 1) {
        parts.add(copy(connection, extract, table, RawZone.part(0), ranges.get(0)));
      } else {
        parts.addAll(copyInParallel(extract, table, ranges));
      }
      if (table.kind() == IngestTable.Kind.RECORDS) {
        for (String name : rawZone.inbox(LakePaths.EHR, table.name())) {
          rawZone
              .landInbox(extract, name, List.of(table.keyColumn(), table.watermarkColumn()))
              .ifPresent(parts::add);
        }
      }
      return rawZone.complete(LakePaths.EHR, table.name(), runId, parts);
    } catch (SQLException e) {
      throw Errors.extractFailed(table.name(), e);
    }
  }

  private RawManifest copy(
      Connection connection,
      RawZone.Extract extract,
      IngestTable table,
      String part,
      String range) {
    String sql = copySql(table, extract, range);
    return rawZone.land(
        extract, part, out -> connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out));
  }

  private List<RawManifest> copyInParallel(
      RawZone.Extract extract, IngestTable table, List<String> ranges) {
    ExecutorService pool = Executors.newFixedThreadPool(ranges.size());
    try {
      List<Future<RawManifest>> parts = new ArrayList<>();
      for (int i = 0; i < ranges.size(); i++) {
        String part = RawZone.part(i);
        String range = ranges.get(i);
        parts.add(
            pool.submit(
                () -> {
                  try (Connection connection = source.connect()) {
                    utc(connection);
                    return copy(connection, extract, table, part, range);
                  }
                }));
      }
      List<RawManifest> manifests = new ArrayList<>();
      for (Future<RawManifest> part : parts) {
        manifests.add(part.get());
      }
      return manifests;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while extracting " + table.name(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CarelakeException carelake) {
        throw carelake;
      }
      throw Errors.extractFailed(table.name(), e.getCause() instanceof Exception cause ? cause : e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The key ranges to read: one (everything) for a small table, else as many as configured,
   * splitting the keys in the window evenly between their minimum and maximum.
   */
  private List<String> ranges(
      Connection connection, IngestTable table, Optional<String> from, String to)
      throws SQLException {
    if (settings.partitions() <= 1
        || estimatedRows(connection, table) < settings.partitionMinRows()) {
      return List.of("TRUE");
    }
    String key = quote(table.keyColumn());
    long min;
    long max;
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT min("
                    + key
                    + "), max("
                    + key
                    + ") FROM "
                    + quote(table.name())
                    + " WHERE "
                    + window(table, from, to))) {
      result.next();
      if (result.getObject(1) == null) {
        return List.of("TRUE");
      }
      min = result.getLong(1);
      max = result.getLong(2);
    }
    long span = Math.max(1, (max - min + 1 + settings.partitions() - 1) / settings.partitions());
    List<String> ranges = new ArrayList<>();
    for (long low = min; low <= max; low += span) {
      ranges.add(key + " >= " + low + " AND " + key + " < " + Math.addExact(low, span));
    }
    return ranges;
  }

  private static long estimatedRows(Connection connection, IngestTable table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
      statement.setString(1, quote(table.name()));
      try (ResultSet result = statement.executeQuery()) {
        // -1 means never analysed: size unknown, taken as empty.
        return result.next() ? Math.max(0, result.getLong(1)) : 0;
      }
    }
  }

  private static void utc(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
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
    Optional<List<RawManifest.Column>> previous =
        rawZone.previousColumns(LakePaths.EHR, table.name(), runId);
    if (previous.isEmpty()) {
      return;
    }
    for (RawManifest.Column before : previous.get()) {
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

  private static String window(IngestTable table, Optional<String> from, String to) {
    String watermark = quote(table.watermarkColumn());
    return from.map(bound -> watermark + " >= " + literal(bound) + " AND ").orElse("")
        + watermark
        + " < "
        + literal(to);
  }

  private static String copySql(IngestTable table, RawZone.Extract extract, String range) {
    String select =
        extract.columns().stream()
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
    return "COPY (SELECT "
        + select
        + " FROM "
        + quote(table.name())
        + " WHERE "
        + window(table, Optional.ofNullable(extract.watermarkFrom()), extract.watermarkTo())
        + " AND ("
        + range
        + ") ORDER BY "
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
