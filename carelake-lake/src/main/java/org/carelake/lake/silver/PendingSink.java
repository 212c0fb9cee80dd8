package org.carelake.lake.silver;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes an entity's pending table: the rows that wait for a parent, replaced as a whole by each
 * run that evaluates the entity (rows whose parent arrived leave it, new ones join it).
 *
 * <p>Each write carries the run id as Delta commit metadata, so {@link PendingSource} can read the
 * table as it was before the run, even when the run is resumed after writing it.
 */
final class PendingSink {
  private final SparkSession spark;

  /** A sink using the given session. */
  public PendingSink(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Replaces the pending rows.
   *
   * @param rows the rows that wait now (see {@link SilverStage#pending})
   * @param count how many they are; nothing is written when zero and the table does not exist
   * @param path the table's location
   * @param runId the run writing it
   */
  public void replace(Dataset<Row> rows, long count, String path, String runId) {
    if (count == 0 && !DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("userMetadata", runId)
        .save(path);
  }
}
