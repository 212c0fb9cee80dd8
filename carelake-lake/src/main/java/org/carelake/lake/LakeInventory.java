package org.carelake.lake;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the rows of lake tables, for summaries. Delta answers a plain count from its file
 * statistics, so this reads no data files.
 */
public final class LakeInventory {
  private final SparkSession spark;

  /** An inventory using the given session. */
  public LakeInventory(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * One table's row count.
   *
   * @param layer bronze, silver, quarantine or gold
   * @param name the table's name within its layer
   * @param path its location
   * @param rows its row count, or -1 when the table does not exist yet
   */
  public record Entry(String layer, String name, String path, long rows) {}

  /** Counts the given tables. */
  public List<Entry> count(List<String[]> layerNamePaths) {
    List<Entry> entries = new ArrayList<>();
    for (String[] table : layerNamePaths) {
      long rows =
          DeltaTable.isDeltaTable(spark, table[2])
              ? spark.read().format("delta").load(table[2]).count()
              : -1;
      entries.add(new Entry(table[0], table[1], table[2], rows));
    }
    return entries;
  }
}
