package org.carelake.lake.internal;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

/**
 * Where a Delta table stands, read from its transaction log alone: no Spark job, unlike {@code
 * DeltaTable.detail()} or {@code history()}, which each cost a job (a second on a loaded 2-core
 * machine) and are too slow to ask of every table in every run.
 *
 * @param tableId the table's id, which changes when the table is replaced by a new one
 * @param version the latest committed version
 * @param changeDataFeed whether the table records its row-level changes ({@code
 *     delta.enableChangeDataFeed})
 */
public record DeltaState(String tableId, long version, boolean changeDataFeed) {
  /** The table property that makes Delta record row-level changes. */
  public static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

  /**
   * Reads the state of a table, bringing Delta's cached log of it up to date.
   *
   * @param spark the session
   * @param path the table's location; must be a Delta table
   * @return its state
   */
  public static DeltaState of(SparkSession spark, String path) {
    Snapshot snapshot =
        DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
    Option<String> feed = snapshot.metadata().configuration().get(CHANGE_DATA_FEED);
    return new DeltaState(
        snapshot.metadata().id(),
        snapshot.version(),
        feed.isDefined() && "true".equalsIgnoreCase(feed.get()));
  }
}
