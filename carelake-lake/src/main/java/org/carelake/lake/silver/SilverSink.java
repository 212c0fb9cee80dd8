package org.carelake.lake.silver;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.DeltaState;
import org.carelake.lake.DeltaWrites;

/**
 * Writes silver: MERGE by business key, where a source version replaces the stored one only when it
 * is at least as new, so versions arriving out of order never move a row back in time.
 *
 * <p>A table written before its entity gained a column (silver patients before {@code person_id})
 * gains the column before the merge ({@link DeltaWrites#addMissingColumns}), null in the rows it
 * already holds; no rebuild is needed.
 */
public final class SilverSink {
  private final SparkSession spark;

  /** A sink using the given session. */
  public SilverSink(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Merges upserts and tombstones into a silver table, creating it on first use, and adding first
   * the columns of the rows that the table lacks (see {@link #addMissingColumns}).
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
    addMissingColumns(upserts.drop("_deleted").schema(), path);
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
   * Adds to a silver table the columns of a silver row it lacks, after the column each follows in
   * {@code schema}. A step whose rows read the table they merge into (patients, for person
   * matching) calls it before reading, so that the read sees the evolved table.
   *
   * @param schema the silver columns of the entity, without {@code _deleted}
   * @param path the table's location; nothing happens when there is no table yet
   * @return the names of the columns added
   */
  public java.util.List<String> addMissingColumns(StructType schema, String path) {
    return DeltaWrites.addMissingColumns(spark, schema, path);
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
