package org.carelake.lake.bronze;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.raw.RawManifest;
import org.carelake.lake.raw.RawZone;

/**
 * Reads one raw extract as received: every column a string, named as in its manifest.
 *
 * <p>The files are PostgreSQL COPY CSV: a header line, fields quoted where needed, embedded
 * newlines allowed, an unquoted empty field for NULL and {@code ""} for the empty string. A file
 * that does not parse stops the read (FAILFAST): raw files are carelake's own output, so a broken
 * one is a fault to look at, not a record to quarantine.
 */
public final class RawSource {
  private final SparkSession spark;
  private final RawZone rawZone;

  /** Reads from the given raw zone. */
  public RawSource(SparkSession spark, RawZone rawZone) {
    this.spark = spark;
    this.rawZone = rawZone;
  }

  /** The rows of one landed extract; empty (with the right columns) when it had none. */
  public Dataset<Row> read(RawManifest manifest) {
    StructType schema = schemaOf(manifest);
    if (manifest.file() == null) {
      return spark.createDataFrame(java.util.List.of(), schema);
    }
    return spark
        .read()
        .schema(schema)
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("mode", "FAILFAST")
        .csv(rawZone.dataPath(manifest));
  }

  /** All columns as strings, as received. */
  static StructType schemaOf(RawManifest manifest) {
    StructField[] fields =
        manifest.columns().stream()
            .map(column -> DataTypes.createStructField(column.name(), DataTypes.StringType, true))
            .toArray(StructField[]::new);
    return DataTypes.createStructType(fields);
  }
}
