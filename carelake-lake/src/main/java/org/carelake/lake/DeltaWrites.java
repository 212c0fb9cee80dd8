package org.carelake.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Idempotent Delta appends: each carries an application id and a version (the run's sequence
 * number), and Delta skips an append whose version it has already committed for that id. A step
 * re-run after a crash therefore never appends its rows twice.
 *
 * <p>Columns the table does not have yet are added (schema evolution), so a column added to a
 * source table flows into bronze; an existing column keeps its type.
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
}
