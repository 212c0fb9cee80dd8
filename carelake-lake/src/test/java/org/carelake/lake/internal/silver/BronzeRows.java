package org.carelake.lake.internal.silver;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Bronze rows of one source table for tests: columns as received (text) plus bronze metadata. */
final class BronzeRows {
  private final String table;
  private final List<String> columns;
  private final List<Row> rows = new ArrayList<>();
  private String runId = "000001-test";

  private BronzeRows(String table, String header) {
    this.table = table;
    this.columns = Arrays.asList(header.split(","));
  }

  /** Rows of a table whose columns are named in a comma-separated header, key first. */
  static BronzeRows of(String table, String header) {
    return new BronzeRows(table, header);
  }

  BronzeRows run(String id) {
    this.runId = id;
    return this;
  }

  /** An inserted or updated row, values in header order (null for SQL NULL). */
  BronzeRows row(String... values) {
    return add("update", values);
  }

  /** A tombstone: only the key and the deletion time. */
  BronzeRows deleted(String key, String deletedAt) {
    String[] values = new String[columns.size()];
    values[0] = key;
    values[columns.indexOf("updated_at")] = deletedAt;
    return add("delete", values);
  }

  private BronzeRows add(String operation, String... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(columns.size() + " values expected");
    }
    List<Object> all = new ArrayList<>(Arrays.asList(values));
    all.add(runId);
    all.add("ehr." + table);
    all.add(values[0]);
    all.add("ehr." + table + ":" + columns.get(0) + "=" + values[0]);
    all.add(operation);
    all.add(new Timestamp(System.currentTimeMillis()));
    rows.add(RowFactory.create(all.toArray()));
    return this;
  }

  Dataset<Row> build() {
    StructType schema = new StructType();
    for (String column : columns) {
      schema = schema.add(column, DataTypes.StringType);
    }
    schema =
        schema
            .add("_run_id", DataTypes.StringType)
            .add("_source_table", DataTypes.StringType)
            .add("_source_key", DataTypes.StringType)
            .add("_source_position", DataTypes.StringType)
            .add("_operation", DataTypes.StringType)
            .add("_extracted_at", DataTypes.TimestampType);
    return SparkTests.spark().createDataFrame(rows, schema);
  }
}
