package org.carelake.lake.internal.silver;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads an entity's pending table as the earlier runs left it: when the latest version was written
 * by the run asking (a resumed run that already wrote it), the version before is read, so a resumed
 * step sees what it saw the first time.
 */
final class PendingSource {
  private final SparkSession spark;

  /** A source using the given session. */
  public PendingSource(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The rows waiting before a run.
   *
   * @param path the pending table's location
   * @param runId the run that asks
   * @return the rows, or empty when there is no such table (or it did not exist before the run)
   */
  public Optional<Dataset<Row>> before(String path, String runId) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    List<Row> history =
        DeltaTable.forPath(spark, path)
            .history(20)
            .select("version", "userMetadata")
            .collectAsList();
    // A resumed step may have written the table once or more already: skip its own versions.
    for (Row version : history) {
      if (!runId.equals(version.getString(1))) {
        return Optional.of(
            spark.read().format("delta").option("versionAsOf", version.getLong(0)).load(path));
      }
    }
    return Optional.empty();
  }

  /** The rows waiting now (the latest version), or empty when there is no such table. */
  public Optional<Dataset<Row>> latest(String path) {
    return DeltaTable.isDeltaTable(spark, path)
        ? Optional.of(spark.read().format("delta").load(path))
        : Optional.empty();
  }
}
