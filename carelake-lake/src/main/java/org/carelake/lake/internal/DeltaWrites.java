package org.carelake.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
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
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;

/**
 * Idempotent Delta appends: each carries an application id and a version (the run's sequence
 * number), and an append whose version was already committed for that id is skipped. A step re-run
 * after a crash therefore never appends its rows twice.
 *
 * <p>The check is Delta's own ({@code txnAppId}, {@code txnVersion}): the commit records a {@code
 * txn} action, which the table's state keeps through checkpoints and log clean-up, however many
 * other commits came after it.
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
   * <p>Cost: the write; Delta finds the application id's last version in the table's state, which
   * it keeps in the checksum file of the latest commit (no Spark job beyond the write's). See
   * {@link #appendOnceCounting}.
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
   * <p>The append is made with Delta's {@code txnAppId} and {@code txnVersion}: Delta skips it,
   * writing no commit, when the table's state holds a version of this application id at least as
   * high. The commit also records {@code <application id>@<version>} as its user metadata, so that
   * the table's history shows which run wrote it. The rows written are then read from the metrics
   * of the commit that carries this transaction.
   *
   * <p>Cost: the write, plus two listings of the table's {@code _delta_log} folder and a read of
   * the new commit file; no scan of the table.
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
    rows.write()
        .format("delta")
        .mode("append")
        .option("txnAppId", applicationId)
        .option("txnVersion", version)
        .option("userMetadata", applicationId + "@" + version)
        .option("mergeSchema", "true")
        .save(path);
    // When Delta skipped the append there is no new commit. The lake lock keeps other writers
    // out, so a new commit is normally this one; looking for the one that carries this
    // transaction stays right if that ever changes.
    for (long commit = latestCommit(files, log); commit > before; commit--) {
      Optional<Appended> appended = appended(files, log, commit);
      if (appended.isPresent()
          && appended.get().applicationId().equals(applicationId)
          && appended.get().version() == version) {
        return appended.get().rows();
      }
    }
    return OptionalLong.empty();
  }

  /**
   * How many rows the latest commit of a table wrote, from the commit's metrics ({@code
   * numOutputRows} of a write, append or overwrite); zero when the commit has no such metric.
   *
   * <p>Cost: a read of the latest commit's entry in the table's history; no scan of the table.
   *
   * @param spark the session
   * @param path the table's location; it must hold a Delta table
   */
  public static long latestCommitRows(SparkSession spark, String path) {
    Row commit = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    if (commit.isNullAt(0)) {
      return 0;
    }
    String rows = commit.<String, String>getJavaMap(0).get("numOutputRows");
    return rows == null ? 0 : Long.parseLong(rows);
  }

  /**
   * How many rows a Delta MERGE changed (inserted, updated or deleted), from the metrics its {@code
   * execute()} returns.
   *
   * @param metrics the one-row result of {@code DeltaMergeBuilder.execute()}
   */
  public static long mergedRows(Dataset<Row> metrics) {
    return metrics.first().<Long>getAs("num_affected_rows");
  }

  /** The transaction a commit carried, and the rows it wrote when the commit has the metric. */
  private record Appended(String applicationId, long version, OptionalLong rows) {}

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
   * Reads a commit file (one action per line, as the Delta protocol defines it) for its {@code txn}
   * action and the rows its {@code commitInfo} says it wrote. Empty for a commit without a
   * transaction.
   */
  private static Optional<Appended> appended(LakeFiles files, String log, long commit) {
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
        JsonNode metric = action.path("commitInfo").path("operationMetrics").path("numOutputRows");
        if (metric.isTextual() || metric.isNumber()) {
          written = OptionalLong.of(Long.parseLong(metric.asText()));
        }
      }
    } catch (IOException e) {
      throw Errors.fileFailed("read", file, e);
    }
    return applicationId == null
        ? Optional.empty()
        : Optional.of(new Appended(applicationId, version, written));
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
