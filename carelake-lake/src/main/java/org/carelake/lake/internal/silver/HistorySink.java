package org.carelake.lake.internal.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.carelake.lake.internal.DataSink;
import org.carelake.lake.internal.DeltaWrites;

/**
 * Writes a history (slowly changing dimension, type 2) table: one row per source version of each
 * key, valid from the source's change time of that version ({@code valid_from}) until the next
 * version's ({@code valid_to}, null for the latest), with {@code is_current} and {@code is_deleted}
 * (a deletion is a version too: it ends the one before).
 *
 * <p>Versions may arrive in any order and more than once: the sink merges them by (key, {@code
 * valid_from}) and recomputes the validity of every version of the keys it touches, so the table is
 * the same whatever the order of arrival, and writing the same versions again changes nothing.
 */
final class HistorySink implements DataSink {
  /** The columns a history table adds to the entity's own. */
  public static final List<String> VALIDITY =
      List.of("valid_from", "valid_to", "is_current", "is_deleted");

  private final SparkSession spark;
  private final List<String> columns;
  private final String path;
  private final String keyColumn;

  /**
   * A sink merging into one history table.
   *
   * @param spark the session
   * @param columns the entity's columns to keep in the history
   * @param path the table's location
   * @param keyColumn the business key
   */
  HistorySink(SparkSession spark, List<String> columns, String path, String keyColumn) {
    this.spark = spark;
    this.columns = List.copyOf(columns);
    this.path = path;
    this.keyColumn = keyColumn;
  }

  /**
   * Merges versions into the history table, creating it on first use.
   *
   * @param versions the versions (see {@link SilverStage#versions}): the entity's columns, {@code
   *     _source_updated_at}, {@code _deleted}, {@code _source_position} and {@code _run_id}
   * @return how many history rows the write inserted or updated
   */
  @Override
  public long write(Dataset<Row> versions) {
    List<Column> select = new ArrayList<>();
    columns.forEach(name -> select.add(col(name)));
    select.add(col("_source_updated_at").as("valid_from"));
    select.add(col("_deleted").as("is_deleted"));
    select.add(col("_source_position"));
    select.add(col("_run_id"));
    Dataset<Row> incoming = versions.select(select.toArray(Column[]::new));
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    Dataset<Row> all = incoming;
    if (exists) {
      DeltaWrites.addMissingColumns(spark, incoming.schema(), path);
      Dataset<Row> table = spark.read().format("delta").load(path);
      Dataset<Row> keys = incoming.select(col(keyColumn).as("_touched")).distinct();
      Dataset<Row> stored =
          table
              .join(keys, table.col(keyColumn).equalTo(keys.col("_touched")), "left_semi")
              .drop("valid_to", "is_current");
      all = stored.unionByName(incoming);
    }
    WindowSpec sameVersion =
        Window.partitionBy(col(keyColumn), col("valid_from"))
            .orderBy(col("is_deleted").desc(), col("_run_id").desc());
    WindowSpec byTime = Window.partitionBy(col(keyColumn)).orderBy(col("valid_from"));
    Dataset<Row> history =
        all.withColumn("_copy", row_number().over(sameVersion))
            .where(col("_copy").equalTo(1))
            .drop("_copy")
            .withColumn("valid_to", lead(col("valid_from"), 1).over(byTime))
            .withColumn(
                "is_current", col("valid_to").isNull().and(col("is_deleted").equalTo(false)));
    List<Column> ordered = new ArrayList<>();
    columns.forEach(name -> ordered.add(col(name)));
    VALIDITY.forEach(name -> ordered.add(col(name)));
    ordered.add(col("_source_position"));
    ordered.add(col("_run_id"));
    history = history.select(ordered.toArray(Column[]::new));
    if (!exists) {
      history.write().format("delta").mode("errorifexists").save(path);
      return DeltaWrites.latestCommitRows(spark, path);
    }
    return DeltaWrites.mergedRows(
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(
                history.as("s"),
                "t." + keyColumn + " = s." + keyColumn + " AND t.valid_from = s.valid_from")
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .execute());
  }
}
