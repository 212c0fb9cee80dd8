package org.carelake.lake.silver;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.DeltaState;

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
   * @param rows one row per key, with {@code _deleted} true for tombstones; a path that never
   *     deletes (HL7 messages) may leave the column out
   * @param path the table's location
   * @param keyColumn the business key
   */
  public void merge(Dataset<Row> rows, String path, String keyColumn) {
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
          // Later layers read silver's row-level changes instead of whole tables (FhirSync).
          .option(DeltaState.CHANGE_DATA_FEED, "true")
          .mode("errorifexists")
          .save(path);
      return;
    }
    enableChangeDataFeed(path);
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

  /**
   * Turns the change data feed on for a silver table written before carelake turned it on at
   * creation; the feed covers the changes from then on.
   */
  private void enableChangeDataFeed(String path) {
    if (!DeltaState.of(spark, path).changeDataFeed()) {
      spark.sql(
          "ALTER TABLE delta.`"
              + path
              + "` SET TBLPROPERTIES ("
              + DeltaState.CHANGE_DATA_FEED
              + " = true)");
    }
  }

  /**
   * Sets the person id of silver patients where it changed.
   *
   * @param persons {@code patient_id} and {@code person_id} (see {@link PersonMatcher#persons})
   * @param path the silver patients table
   */
  public void assignPersons(Dataset<Row> persons, String path) {
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(persons.as("s"), "t.patient_id = s.patient_id")
        .whenMatched("NOT (t.person_id <=> s.person_id)")
        .updateExpr(java.util.Map.of("person_id", "s.person_id"))
        .execute();
  }
}
