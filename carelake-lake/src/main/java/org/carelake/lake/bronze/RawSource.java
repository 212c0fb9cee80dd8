package org.carelake.lake.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.raw.RawManifest;
import org.carelake.lake.raw.RawZone;

/**
 * Reads a landed extract as received: every column a string, named as in its manifests, plus {@code
 * _raw_file}, the part file each row came from.
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

  /**
   * The rows of all parts of a landed extract; empty (with the right columns) when none. Parts with
   * other columns (a file dropped into the inbox) are read on their own and aligned by name; a
   * column a part lacks is null in its rows.
   */
  public Dataset<Row> read(RawZone.Landed landed) {
    Map<List<RawManifest.Column>, List<String>> byColumns = new LinkedHashMap<>();
    for (RawManifest part : landed.parts()) {
      if (part.file() != null) {
        byColumns
            .computeIfAbsent(part.columns(), columns -> new ArrayList<>())
            .add(rawZone.dataPath(part));
      }
    }
    Dataset<Row> rows = null;
    for (Map.Entry<List<RawManifest.Column>, List<String>> group : byColumns.entrySet()) {
      Dataset<Row> read = read(group.getKey(), group.getValue());
      rows = rows == null ? read : rows.unionByName(read, true);
    }
    if (rows == null) {
      return spark
          .createDataFrame(List.of(), schemaOf(landed.columns()))
          .withColumn("_raw_file", lit(null).cast(DataTypes.StringType));
    }
    return rows;
  }

  private Dataset<Row> read(List<RawManifest.Column> columns, List<String> paths) {
    StructType schema = schemaOf(columns);
    if (paths.isEmpty()) {
      return spark
          .createDataFrame(List.of(), schema)
          .withColumn("_raw_file", lit(null).cast(DataTypes.StringType));
    }
    return spark
        .read()
        .schema(schema)
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("mode", "FAILFAST")
        .csv(paths.toArray(String[]::new))
        .withColumn("_raw_file", col("_metadata.file_name"));
  }

  /** All columns as strings, as received. */
  static StructType schemaOf(List<RawManifest.Column> columns) {
    StructField[] fields =
        columns.stream()
            .map(column -> DataTypes.createStructField(column.name(), DataTypes.StringType, true))
            .toArray(StructField[]::new);
    return DataTypes.createStructType(fields);
  }
}
