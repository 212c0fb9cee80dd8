package org.carelake.lake.internal.bronze;

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
 * newlines allowed, an unquoted empty field for NULL and {@code ""} for the empty string. A COPY
 * extract that does not parse stops the read (FAILFAST): it is carelake's own output, so a broken
 * one is a fault to look at. A file dropped into the inbox comes from people and other systems: its
 * records that do not parse (more or fewer fields than its header names) are left out of {@link
 * #read} and given by {@link #malformed}, for quarantine, so one bad row never blocks a table.
 */
public final class RawSource {
  /** The column that holds the text of an inbox record that does not parse. */
  public static final String MALFORMED = "_malformed";

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
    Dataset<Row> rows = null;
    for (Map.Entry<List<RawManifest.Column>, List<String>> group : copyParts(landed).entrySet()) {
      Dataset<Row> read = read(group.getKey(), group.getValue());
      rows = rows == null ? read : rows.unionByName(read, true);
    }
    for (Map.Entry<List<RawManifest.Column>, List<String>> group : inboxParts(landed).entrySet()) {
      Dataset<Row> read =
          permissive(group.getKey(), group.getValue())
              .where(col(MALFORMED).isNull())
              .drop(MALFORMED);
      rows = rows == null ? read : rows.unionByName(read, true);
    }
    if (rows == null) {
      return spark
          .createDataFrame(List.of(), schemaOf(landed.columns()))
          .withColumn("_raw_file", lit(null).cast(DataTypes.StringType));
    }
    return rows;
  }

  /**
   * The records of the extract's inbox files that do not parse, as received: {@code _raw_file} (the
   * landed part) and {@code _malformed} (the record's text); empty when there are none.
   */
  public Dataset<Row> malformed(RawZone.Landed landed) {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(),
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("_raw_file", DataTypes.StringType, true),
                    DataTypes.createStructField(MALFORMED, DataTypes.StringType, true))));
    for (Map.Entry<List<RawManifest.Column>, List<String>> group : inboxParts(landed).entrySet()) {
      // Spark refuses a query of raw CSV that reads only the corrupt-record column: the parsed
      // rows are materialized first (inbox files are small), then filtered.
      rows =
          rows.unionByName(
              permissive(group.getKey(), group.getValue())
                  .localCheckpoint()
                  .where(col(MALFORMED).isNotNull())
                  .select(col("_raw_file"), col(MALFORMED)));
    }
    return rows;
  }

  /** The parts PostgreSQL COPY wrote, by their columns. */
  private Map<List<RawManifest.Column>, List<String>> copyParts(RawZone.Landed landed) {
    return parts(landed, part -> !RawZone.isInboxPart(part));
  }

  /** The parts landed from inbox files, by their columns. */
  private Map<List<RawManifest.Column>, List<String>> inboxParts(RawZone.Landed landed) {
    return parts(landed, RawZone::isInboxPart);
  }

  private Map<List<RawManifest.Column>, List<String>> parts(
      RawZone.Landed landed, java.util.function.Predicate<RawManifest> kind) {
    Map<List<RawManifest.Column>, List<String>> byColumns = new LinkedHashMap<>();
    for (RawManifest part : landed.parts()) {
      if (part.file() != null && kind.test(part)) {
        byColumns
            .computeIfAbsent(part.columns(), columns -> new ArrayList<>())
            .add(rawZone.dataPath(part));
      }
    }
    return byColumns;
  }

  /** Inbox files, read so that a record that does not parse lands in {@code _malformed}. */
  private Dataset<Row> permissive(List<RawManifest.Column> columns, List<String> paths) {
    return spark
        .read()
        .schema(schemaOf(columns).add(MALFORMED, DataTypes.StringType, true))
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", MALFORMED)
        .csv(paths.toArray(String[]::new))
        .withColumn("_raw_file", col("_metadata.file_name"));
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
