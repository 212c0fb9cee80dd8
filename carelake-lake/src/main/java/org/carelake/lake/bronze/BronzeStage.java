package org.carelake.lake.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.carelake.lake.raw.RawManifest;

/**
 * Turns one raw extract into bronze rows: the columns as received, plus where each row came from.
 *
 * <p>Input: the raw rows (all strings) and their manifest. Output: the same rows with {@code
 * _run_id}, {@code _source_table}, {@code _source_key}, {@code _source_position}, {@code
 * _operation} ({@code insert} when {@code created_at} equals {@code updated_at}, else {@code
 * update}), {@code _extracted_at}, {@code _raw_file} and {@code _ingested_at}. No side effects.
 */
public final class BronzeStage {
  /** The metadata columns bronze adds, in order. */
  public static final String[] METADATA =
      new String[] {
        "_run_id",
        "_source_table",
        "_source_key",
        "_source_position",
        "_operation",
        "_extracted_at",
        "_raw_file",
        "_ingested_at"
      };

  private BronzeStage() {}

  /**
   * Adds the ingestion metadata.
   *
   * @param raw the extract's rows as received
   * @param manifest the extract's manifest
   * @param keyColumn the source table's primary key column
   */
  public static Dataset<Row> apply(Dataset<Row> raw, RawManifest manifest, String keyColumn) {
    String table = manifest.source() + "." + manifest.table();
    return raw.withColumn("_run_id", lit(manifest.runId()))
        .withColumn("_source_table", lit(table))
        .withColumn("_source_key", col(keyColumn))
        .withColumn("_source_position", concat(lit(table + ":" + keyColumn + "="), col(keyColumn)))
        .withColumn(
            "_operation",
            when(col("created_at").equalTo(col("updated_at")), lit("insert")).otherwise("update"))
        .withColumn("_extracted_at", to_timestamp(lit(manifest.extractedAt())))
        .withColumn("_raw_file", lit(manifest.file() == null ? "" : manifest.file()))
        .withColumn("_ingested_at", current_timestamp());
  }
}
