package org.carelake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Idempotent Delta appends: each carries an application id and a version (the run's sequence
 * number), and an append whose version was already committed for that id is skipped. A step re-run
 * after a crash therefore never appends its rows twice.
 *
 * <p>Columns the table does not have yet are added (schema evolution), so a column added to a
 * source table flows into bronze; an existing column keeps its type. Tables written by MERGE evolve
 * through {@link #addMissingColumns} before the merge, since Delta's automatic schema merging is
 * off in carelake ({@link LakeSession}).
 */
public final class DeltaWrites {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");

  private DeltaWrites() {}

  /**
   * Appends rows to a Delta table, once per (application id, version).
   *
   * <p>Cost: the write, plus listing the table's {@code _delta_log} and reading its newest commit
   * files back to the last one of this application id (normally one small file); nothing else is
   * read. See {@link #appendOnceCounting}.
   *
   * @param rows the rows
   * @param path the table's location
   * @param applicationId names the writer, e.g. {@code carelake-bronze-ehr_patients}
   * @param version the run's sequence number; must grow from run to run
   */
  public static void appendOnce(
      Dataset<Row> rows, String path, String applicationId, long version) {
    appendOnceCounting(rows, path, applicationId, version);
  }

  /**
   * Appends rows once, as {@link #appendOnce}, and tells how many rows the commit wrote, from
   * Delta's own commit metrics.
   *
   * <p>Each append records {@code <application id>@<version>} as its commit's user metadata. Before
   * writing, the newest commits are read back to the last one of the same application id: when its
   * version is this one or later, the append was made already (a step re-run after a crash) and is
   * skipped. This is the rule of Delta's own idempotent writes ({@code txnAppId}, {@code
   * txnVersion}), which carelake used before, checked from the commit files alone: Delta 4.0
   * verifies {@code txnVersion} by rebuilding the table's state with two Spark jobs on every
   * append, over half of a small append's cost. Commits made with {@code txnAppId} count too. Only
   * carelake writes these tables, one run at a time (the lake lock), so the last commit of an
   * application id is never far: the search stops after {@link #LOOK_BACK} commits.
   *
   * <p>Cost: the write, listings of the table's {@code _delta_log} folder and reads of its newest
   * commit files; no Spark job beyond the write and no scan of the table.
   *
   * @return the rows written, or empty when nothing was written because the append had already been
   *     committed, or when the commit carries no metrics ({@code
   *     spark.databricks.delta.history.metricsEnabled=false}); the caller then counts the rows
   *     itself
   */
  public static OptionalLong appendOnceCounting(
      Dataset<Row> rows, String path, String applicationId, long version) {
    LakeFiles files = new LakeFiles(rows.sparkSession().sparkContext().hadoopConfiguration());
    String log = path + "/_delta_log";
    long before = latestCommit(files, log);
    for (long commit = before; commit >= 0 && commit > before - LOOK_BACK; commit--) {
      Optional<Marker> marker = marker(files, log, commit);
      if (marker.isEmpty() || !marker.get().applicationId().equals(applicationId)) {
        continue;
      }
      if (marker.get().version() >= version) {
        return OptionalLong.empty();
      }
      break;
    }
    rows.write()
        .format("delta")
        .mode("append")
        .option("userMetadata", applicationId + "@" + version)
        .option("mergeSchema", "true")
        .save(path);
    // The lake lock keeps other writers out, so the new commit is normally the only one; looking
    // for the one that carries this append stays right if that ever changes.
    for (long commit = latestCommit(files, log); commit > before; commit--) {
      Optional<Marker> marker = marker(files, log, commit);
      if (marker.isPresent()
          && marker.get().applicationId().equals(applicationId)
          && marker.get().version() == version) {
        return marker.get().rows();
      }
    }
    return OptionalLong.empty();
  }

  /** How many commits back an append looks for an earlier commit of its application id. */
  static final int LOOK_BACK = 100;

  /**
   * The idempotent append a commit made: its application id and version, and the rows it wrote when
   * the commit carries the metric.
   */
  private record Marker(String applicationId, long version, OptionalLong rows) {}

  /** The newest commit version in a Delta log folder, or -1 when there is none. */
  private static long latestCommit(LakeFiles files, String log) {
    long latest = -1;
    for (String name : files.list(log)) {
      if (COMMIT.matcher(name).matches()) {
        latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
      }
    }
    return latest;
  }

  /**
   * Reads a commit file (one action per line, as the Delta protocol defines it) for the append it
   * made: from its {@code commitInfo.userMetadata} ({@code <application id>@<version>}) or a {@code
   * txn} action. Empty for a commit of another kind, or one whose file log clean-up removed.
   */
  private static Optional<Marker> marker(LakeFiles files, String log, long commit) {
    String file = String.format(Locale.ROOT, "%s/%020d.json", log, commit);
    if (!files.exists(file)) {
      return Optional.empty();
    }
    String applicationId = null;
    long version = -1;
    OptionalLong written = OptionalLong.empty();
    try {
      for (String line : files.read(file).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode action = JSON.readTree(line);
        JsonNode transaction = action.path("txn");
        if (transaction.has("appId")) {
          applicationId = transaction.path("appId").asText();
          version = transaction.path("version").asLong(-1);
        }
        JsonNode info = action.path("commitInfo");
        String metadata = info.path("userMetadata").asText("");
        int at = metadata.lastIndexOf('@');
        if (at > 0 && metadata.substring(at + 1).matches("\\d+")) {
          applicationId = metadata.substring(0, at);
          version = Long.parseLong(metadata.substring(at + 1));
        }
        JsonNode metric = info.path("operationMetrics").path("numOutputRows");
        if (metric.isTextual() || metric.isNumber()) {
          written = OptionalLong.of(Long.parseLong(metric.asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return applicationId == null
        ? Optional.empty()
        : Optional.of(new Marker(applicationId, version, written));
  }

  /**
   * Adds to a Delta table the top-level columns of {@code schema} it does not have, each placed
   * after the column it follows in {@code schema}, so that a table written before its writer gained
   * a column (silver patients before {@code person_id}) takes the new column, null in the rows it
   * already holds, instead of failing the next MERGE or needing a rebuild. Automatic schema merging
   * stays off in carelake so that no MERGE changes a table's schema unnoticed; this is the one
   * deliberate way a merged table gains columns.
   *
   * <p>Columns the table has and the schema lacks are left as they are, and so are the types of
   * columns both have (a changed type is not evolved here). Names compare case-insensitively, as
   * Spark resolves them.
   *
   * <p>Cost: one read of the table's latest schema from its log; when columns are missing, one
   * metadata-only commit ({@code ALTER TABLE ... ADD COLUMNS}), no data rewritten. Call it before
   * building any {@link Dataset} that reads the table, or Delta rejects that read as made against
   * an older schema.
   *
   * @param spark the session
   * @param schema the columns the table should have, in order
   * @param path the table's location; nothing happens when it holds no Delta table
   * @return the names of the columns added, in order
   */
  public static List<String> addMissingColumns(SparkSession spark, StructType schema, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return List.of();
    }
    Set<String> stored = new HashSet<>();
    for (String name : DeltaTable.forPath(spark, path).toDF().columns()) {
      stored.add(name.toLowerCase(Locale.ROOT));
    }
    List<String> added = new ArrayList<>();
    List<String> clauses = new ArrayList<>();
    String previous = null;
    for (StructField field : schema.fields()) {
      if (!stored.contains(field.name().toLowerCase(Locale.ROOT))) {
        added.add(field.name());
        clauses.add(
            quoted(field.name())
                + " "
                + field.dataType().sql()
                + (previous == null ? " FIRST" : " AFTER " + quoted(previous)));
      }
      previous = field.name();
    }
    if (!clauses.isEmpty()) {
      spark.sql(
          "ALTER TABLE delta."
              + quoted(path)
              + " ADD COLUMNS ("
              + String.join(", ", clauses)
              + ")");
    }
    return added;
  }

  private static String quoted(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
