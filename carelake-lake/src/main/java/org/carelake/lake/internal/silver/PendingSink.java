package org.carelake.lake.internal.silver;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.internal.DataSink;
import org.carelake.lake.internal.DeltaWrites;

/**
 * Writes an entity's pending table: the rows that wait for a parent, replaced as a whole by each
 * run that evaluates the entity (rows whose parent arrived leave it, new ones join it).
 *
 * <p>Each write carries the run id as Delta commit metadata, so {@link PendingSource} can read the
 * table as it was before the run, even when the run is resumed after writing it.
 */
final class PendingSink implements DataSink {
  private final SparkSession spark;
  private final String path;
  private final String runId;

  /**
   * A sink replacing one entity's pending table.
   *
   * @param spark the session
   * @param path the table's location
   * @param runId the run writing it
   */
  PendingSink(SparkSession spark, String path, String runId) {
    this.spark = spark;
    this.path = path;
    this.runId = runId;
  }

  /**
   * Replaces the pending rows. No table is created for no rows: while the table does not exist, the
   * rows are checked for emptiness first (one small Spark job).
   *
   * @param rows the rows that wait now (see {@link SilverStage#pending})
   * @return how many rows the table now holds; zero when nothing was written
   */
  @Override
  public long write(Dataset<Row> rows) {
    if (!DeltaTable.isDeltaTable(spark, path) && rows.isEmpty()) {
      return 0;
    }
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("userMetadata", runId)
        .save(path);
    return DeltaWrites.latestCommitRows(spark, path);
  }
}
