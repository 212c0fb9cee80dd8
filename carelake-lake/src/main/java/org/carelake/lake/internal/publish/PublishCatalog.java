package org.carelake.lake.internal.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table {@code <schema>.catalog}: one row per published mart saying what it is (grain,
 * definition, the published definition it follows, key), how fresh it is (when gold was rebuilt,
 * the silver versions it was built from, when it was published) and how it was published. An
 * analyst starts from it; carelake reads it back to skip a mart whose gold has not changed.
 */
final class PublishCatalog {
  /** The catalog's table name, inside the publish schema. */
  static final String TABLE = "catalog";

  /** The catalog's columns and their comments, in order. */
  static final Map<String, String> COLUMNS = columns();

  private final Dialect dialect;
  private final String schema;

  PublishCatalog(Dialect dialect, String schema) {
    this.dialect = dialect;
    this.schema = schema;
  }

  private static Map<String, String> columns() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("mart", "the published table's name in this schema");
    columns.put("grain", "what one row of the table is");
    columns.put("definition", "how its values are defined");
    columns.put("follows", "the published definition it follows, if any");
    columns.put(
        "key_columns", "the columns that identify a row (its primary key), comma-separated");
    columns.put("row_count", "rows in the table after the last publish");
    columns.put("publish_mode", "how the last publish changed it: replace or merge");
    columns.put("changed_rows", "rows the last publish inserted, updated or deleted");
    columns.put("gold_refreshed_at", "when the gold table was last rebuilt (UTC)");
    columns.put("published_at", "when the table was last published (UTC)");
    columns.put(
        "silver_versions",
        "the silver tables the gold table was built from, as JSON: table to <table id>@<version>");
    columns.put("gold_version", "the gold Delta table's <table id>@<version> that was published");
    columns.put("layout", "a hash of the table's columns, types and keys");
    return java.util.Collections.unmodifiableMap(columns);
  }

  /** Creates the catalog unless it exists, and sets its comments. */
  List<String> create() {
    List<String> statements = new ArrayList<>();
    statements.add(dialect.createTableIfMissing(schema, TABLE, createTable()));
    statements.add(
        dialect.tableComment(
            schema,
            TABLE,
            "The published gold tables: one row per table, with its grain, definition, freshness"
                + " and the silver versions it was built from."));
    COLUMNS.forEach(
        (column, comment) -> statements.add(dialect.columnComment(schema, TABLE, column, comment)));
    return statements;
  }

  /** The plain {@code CREATE TABLE} of the catalog. */
  String createTable() {
    String text = dialect.textType();
    List<String> definitions =
        List.of(
            "mart " + dialect.shortTextType(128) + " NOT NULL",
            "grain " + text + " NOT NULL",
            "definition " + text + " NOT NULL",
            "follows " + text + " NULL",
            "key_columns " + text + " NOT NULL",
            "row_count BIGINT NOT NULL",
            "publish_mode " + dialect.shortTextType(16) + " NOT NULL",
            "changed_rows BIGINT NOT NULL",
            "gold_refreshed_at " + dialect.timestampType() + " NOT NULL",
            "published_at " + dialect.timestampType() + " NOT NULL",
            "silver_versions " + text + " NOT NULL",
            "gold_version " + dialect.shortTextType(200) + " NOT NULL",
            "layout " + dialect.shortTextType(64) + " NOT NULL");
    return "CREATE TABLE "
        + dialect.qualified(schema, TABLE)
        + " ("
        + definitions.stream()
            .map(definition -> quoteFirstWord(definition))
            .collect(Collectors.joining(", "))
        + ", CONSTRAINT "
        + dialect.quote(TABLE + "_pkey")
        + " PRIMARY KEY ("
        + dialect.quote("mart")
        + "))";
  }

  private String quoteFirstWord(String definition) {
    int space = definition.indexOf(' ');
    return dialect.quote(definition.substring(0, space)) + definition.substring(space);
  }

  /** Reads a mart's row: gold version, layout, row count, mode; one parameter, the mart. */
  String select() {
    return "SELECT "
        + List.of("gold_version", "layout", "row_count", "publish_mode").stream()
            .map(dialect::quote)
            .collect(Collectors.joining(", "))
        + " FROM "
        + dialect.qualified(schema, TABLE)
        + " WHERE "
        + dialect.quote("mart")
        + " = ?";
  }

  /** Deletes a mart's row; one parameter, the mart. */
  String delete() {
    return "DELETE FROM "
        + dialect.qualified(schema, TABLE)
        + " WHERE "
        + dialect.quote("mart")
        + " = ?";
  }

  /** Inserts a mart's row; one parameter per column of {@link #COLUMNS}, in order. */
  String insert() {
    return "INSERT INTO "
        + dialect.qualified(schema, TABLE)
        + " ("
        + COLUMNS.keySet().stream().map(dialect::quote).collect(Collectors.joining(", "))
        + ") VALUES ("
        + COLUMNS.keySet().stream().map(column -> "?").collect(Collectors.joining(", "))
        + ")";
  }
}
