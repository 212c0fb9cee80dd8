package org.carelake.lake.gold;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.LakePaths;

/**
 * Computes a gold mart from silver.
 *
 * <p>Input: the silver tables the mart names, read at their latest version. Output: the mart's
 * rows. Side effect: registers temporary views {@code silver_<entity>} in the session.
 */
public final class GoldStage {
  private final SparkSession spark;
  private final LakePaths paths;

  /** A stage over the given lake. */
  public GoldStage(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  /** The mart's rows. */
  public Dataset<Row> apply(GoldMart mart) {
    for (String entity : mart.silverEntities()) {
      spark
          .read()
          .format("delta")
          .load(paths.silver(entity))
          .createOrReplaceTempView("silver_" + entity);
    }
    return spark.sql(mart.sql());
  }
}
