package org.carelake.lake.internal.silver;

import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.internal.DataSink;
import org.carelake.lake.internal.DeltaState;
import org.carelake.lake.internal.DeltaWrites;

/**
 * Writes silver: MERGE by business key, where a source version replaces the stored one only when it
 * is at least as new, so versions arriving out of order never move a row back in time.
 *
 * <p>A table written before its entity gained a column (silver patients before {@code person_id})
 * gains the column before the merge ({@link DeltaWrites#addMissingColumns}), null in the rows it
 * already holds; no rebuild is needed.
 */
public final class SilverSink implements DataSink {
  private final SparkSession spark;
  private final String path;
  private final String keyColumn;

  /**
   * A sink merging into one silver table.
   *
   * @param spark the session
   * @param path the table's location
   * @param keyColumn the business key
   */
  public SilverSink(SparkSession spark, String path, String keyColumn) {
    this.spark = spark;
    this.path = path;
    this.keyColumn = keyColumn;
  }

  /**
   * Merges upserts and tombstones into the silver table, creating it on first use, and adding first
   * the columns of the rows that the table lacks (see {@link #addMissingColumns}).
   *
   * @param rows one row per key, with {@code _deleted} true for tombstones; a path that never
   *     deletes (HL7 messages) may leave the column out
   * @return how many rows the merge inserted, updated or deleted
   */
  @Override
  public long write(Dataset<Row> rows) {
    Dataset<Row> upserts =
        Arrays.asList(rows.columns()).contains("_deleted")
            ? rows
            : rows.withColumn("_deleted", functions.lit(false));
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
      return DeltaWrites.latestCommitRows(spark, path);
    }
    enableChangeDataFeed();
    addMissingColumns(upserts.drop("_deleted").schema());
    return DeltaWrites.mergedRows(
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(upserts.as("s"), "t." + keyColumn + " = s." + keyColumn)
            .whenMatched("s._deleted AND s._source_updated_at >= t._source_updated_at")
            .delete()
            .whenMatched("NOT s._deleted AND s._source_updated_at >= t._source_updated_at")
            .updateAll()
            .whenNotMatched("NOT s._deleted")
            .insertAll()
            .execute());
  }

  /**
   * Turns the change data feed on for a silver table written before carelake turned it on at
   * creation; the feed covers the changes from then on.
   */
  private void enableChangeDataFeed() {
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
   * Adds to the silver table the columns of a silver row it lacks, after the column each follows in
   * {@code schema}. A step whose rows read the table they merge into (patients, for person
   * matching) calls it before reading, so that the read sees the evolved table.
   *
   * @param schema the silver columns of the entity, without {@code _deleted}
   * @return the names of the columns added; none when there is no table yet
   */
  public List<String> addMissingColumns(StructType schema) {
    return DeltaWrites.addMissingColumns(spark, schema, path);
  }

  /**
   * Sets the person id of silver patients where it changed; the sink must be the patients table's.
   *
   * @param persons {@code patient_id} and {@code person_id} (see {@link PersonMatcher#persons})
   */
  void assignPersons(Dataset<Row> persons) {
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(persons.as("s"), "t.patient_id = s.patient_id")
        .whenMatched("NOT (t.person_id <=> s.person_id)")
        .updateExpr(Map.of("person_id", "s.person_id"))
        .execute();
  }
}
