package org.carelake.lake.internal.silver;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.core.Resources;
import org.carelake.lake.LakePaths;

/**
 * Patient demographics "as of" a moment, from {@code silver/patients_history}: what the source
 * recorded about each patient at that time, whatever changed since.
 *
 * <p>The query is {@code sql/silver/patients_as_of.sql}; analysts can run the same statement over
 * the history table in any SQL engine that reads Delta, binding {@code :as_of}.
 */
final class PatientHistory {
  /** The history table's name under silver. */
  public static final String TABLE = "patients_history";

  private final SparkSession spark;
  private final LakePaths paths;

  /** The history of one lake. */
  public PatientHistory(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  /**
   * The patients as they stood at a moment: one row per patient known then and not deleted by then,
   * with the demographics valid at that moment and the version's validity columns.
   *
   * <p>Side effect: registers the temporary view {@code silver_patients_history}.
   */
  public Dataset<Row> asOf(Instant moment) {
    spark
        .read()
        .format("delta")
        .load(paths.silver(TABLE))
        .createOrReplaceTempView("silver_patients_history");
    return spark.sql(sql(), Map.of("as_of", Timestamp.from(moment)));
  }

  private static String sql() {
    String resource = "sql/silver/patients_as_of.sql";
    return Resources.text(resource);
  }
}
