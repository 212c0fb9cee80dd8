package org.carelake.lake.internal.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
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

  /** The rule a record of an inbox file breaks when it does not parse as CSV. */
  static final String MALFORMED_RULE = "RAW-001";

  private BronzeStage() {}

  /**
   * Turns the records of inbox files that do not parse into quarantine records: rule {@code
   * RAW-001}, a reason that names the landed file (never the record's values), the record's text as
   * received, and the file as its source position.
   *
   * @param malformed {@code _raw_file} and {@code _malformed} (the text), as {@link
   *     RawSource#malformed} gives them
   * @param sourceTable the source table ({@code ehr.patients})
   * @param runId the run
   */
  static Dataset<Row> malformedRecords(Dataset<Row> malformed, String sourceTable, String runId) {
    return malformed.select(
        lit(sourceTable).as("source_table"),
        lit(null).cast(DataTypes.StringType).as("source_key"),
        org.apache.spark.sql.functions.array(lit(MALFORMED_RULE)).as("rule_ids"),
        org.apache
            .spark
            .sql
            .functions
            .array(
                concat(
                    lit("the CSV record in inbox file "),
                    col("_raw_file"),
                    lit(
                        " does not parse: it has more or fewer fields than the header line names,"
                            + " or an unclosed quote")))
            .as("reasons"),
        org.apache
            .spark
            .sql
            .functions
            .to_json(org.apache.spark.sql.functions.struct(col(RawSource.MALFORMED).as("text")))
            .as("record"),
        lit(runId).as("run_id"),
        concat(lit("raw:"), col("_raw_file")).as("source_position"),
        current_timestamp().as("quarantined_at"));
  }

  private static Column[] bronzeColumns(Dataset<Row> raw) {
    List<Column> columns = new ArrayList<>();
    for (String name : raw.columns()) {
      if (!name.equals("_raw_file")) {
        columns.add(col("`" + name + "`"));
      }
    }
    for (String name : METADATA) {
      columns.add(col(name));
    }
    return columns.toArray(Column[]::new);
  }

  /**
   * Turns the deletion log's rows for one table into bronze tombstones: the table's columns, all
   * null but the key and {@code updated_at} (the deletion time), with {@code _operation} {@code
   * delete} and the deletion log as their source position.
   *
   * @param deletions the deletion log's rows as received ({@code deletion_id}, {@code table_name},
   *     {@code primary_key}, {@code deleted_at}), with {@code _raw_file}
   * @param deletionManifest the manifest of the deletion log extract's first part
   * @param table the manifest of the table extract's first part, for its columns
   * @param keyColumn the table's primary key column
   */
  public static Dataset<Row> tombstones(
      Dataset<Row> deletions, RawManifest deletionManifest, RawManifest table, String keyColumn) {
    String log = deletionManifest.source() + "." + deletionManifest.table();
    List<Column> columns = new ArrayList<>();
    for (RawManifest.Column column : table.columns()) {
      Column value =
          switch (column.name()) {
            case "updated_at" -> col("deleted_at");
            default -> lit(null).cast(DataTypes.StringType);
          };
      if (column.name().equals(keyColumn)) {
        value = col("primary_key");
      }
      columns.add(value.as(column.name()));
    }
    columns.add(lit(deletionManifest.runId()).as("_run_id"));
    columns.add(lit(table.source() + "." + table.table()).as("_source_table"));
    columns.add(col("primary_key").as("_source_key"));
    columns.add(concat(lit(log + ":deletion_id="), col("deletion_id")).as("_source_position"));
    columns.add(lit("delete").as("_operation"));
    columns.add(to_timestamp(lit(deletionManifest.extractedAt())).as("_extracted_at"));
    columns.add(col("_raw_file"));
    columns.add(current_timestamp().as("_ingested_at"));
    return deletions
        .where(col("table_name").equalTo(table.table()))
        .select(columns.toArray(Column[]::new));
  }

  /**
   * Adds the ingestion metadata.
   *
   * @param raw the extract's rows as received, with {@code _raw_file} (see {@link RawSource})
   * @param manifest the manifest of the extract's first part (run, source, table, time)
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
            java.util.Arrays.asList(raw.columns()).contains("created_at")
                ? when(col("created_at").equalTo(col("updated_at")), lit("insert"))
                    .otherwise("update")
                : lit("insert"))
        .withColumn("_extracted_at", to_timestamp(lit(manifest.extractedAt())))
        .withColumn("_ingested_at", current_timestamp())
        .select(bronzeColumns(raw));
  }
}
