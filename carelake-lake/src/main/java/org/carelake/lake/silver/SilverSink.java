package org.carelake.lake.silver;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes silver: MERGE by business key, where a source version replaces the stored one only when it
 * is at least as new, so versions arriving out of order never move a row back in time.
 */
public final class SilverSink {
  private final SparkSession spark;

  /** A sink using the given session. */
  public SilverSink(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Merges upserts and tombstones into a silver table, creating it on first use.
   *
   * @param rows one row per key, with {@code _deleted} true for tombstones (absent: no tombstones)
   * @param path the table's location
   * @param keyColumn the business key
   */
  public void merge(Dataset<Row> rows, String path, String keyColumn) {
    // Rows from a path without deletions (HL7 messages) carry no tombstone flag.
    Dataset<Row> upserts =
        java.util.Arrays.asList(rows.columns()).contains("_deleted")
            ? rows
            : rows.withColumn("_deleted", org.apache.spark.sql.functions.lit(false));
    if (!DeltaTable.isDeltaTable(spark, path)) {
      upserts
          .where("NOT _deleted")
          .drop("_deleted")
          .write()
          .format("delta")
          .mode("errorifexists")
          .save(path);
      return;
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(upserts.as("s"), "t." + keyColumn + " = s." + keyColumn)
        .whenMatched("s._deleted AND s._source_updated_at >= t._source_updated_at")
        .delete()
        .whenMatched("NOT s._deleted AND s._source_updated_at >= t._source_updated_at")
        .updateAll()
        .whenNotMatched("NOT s._deleted")
        .insertAll()
        .execute();
  }
}
