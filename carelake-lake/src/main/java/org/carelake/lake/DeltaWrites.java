package org.carelake.lake;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Idempotent Delta appends: each carries an application id and a version (the run's sequence
 * number), and Delta skips an append whose version it has already committed for that id. A step
 * re-run after a crash therefore never appends its rows twice.
 *
 * <p>Columns the table does not have yet are added (schema evolution), so a column added to a
 * source table flows into bronze; an existing column keeps its type. Tables written by MERGE evolve
 * through {@link #addMissingColumns} before the merge, since Delta's automatic schema merging is
 * off in carelake ({@link LakeSession}).
 */
public final class DeltaWrites {
  private DeltaWrites() {}

  /**
   * Appends rows to a Delta table, once per (application id, version).
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
   * Delta's own commit metrics (no scan of the table).
   *
   * @return the rows written, or empty when Delta skipped the append because this version had
   *     already been committed for the application id
   */
  public static java.util.OptionalLong appendOnceCounting(
      Dataset<Row> rows, String path, String applicationId, long version) {
    org.apache.spark.sql.SparkSession spark = rows.sparkSession();
    long before =
        io.delta.tables.DeltaTable.isDeltaTable(spark, path)
            ? io.delta.tables.DeltaTable.forPath(spark, path)
                .history(1)
                .first()
                .<Long>getAs("version")
            : -1;
    rows.write()
        .format("delta")
        .mode("append")
        .option("txnAppId", applicationId)
        .option("txnVersion", version)
        .option("mergeSchema", "true")
        .save(path);
    Row last = io.delta.tables.DeltaTable.forPath(spark, path).history(1).first();
    if (last.<Long>getAs("version") == before) {
      return java.util.OptionalLong.empty();
    }
    scala.collection.Map<String, String> metrics = last.getAs("operationMetrics");
    return java.util.OptionalLong.of(Long.parseLong(metrics.apply("numOutputRows")));
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
