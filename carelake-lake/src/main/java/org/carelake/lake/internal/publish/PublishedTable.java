package org.carelake.lake.internal.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.carelake.core.Errors;
import org.carelake.lake.gold.GoldMart;

/**
 * The statements that publish one gold mart in one dialect, derived from the mart's header
 * (columns, key, comments) and its Delta schema (types). Pure text: nothing here connects.
 *
 * <p>The published table {@code <schema>.<mart>} has every column typed from the Delta schema and
 * named explicitly, the key columns {@code NOT NULL} under the primary key {@code <mart>_pkey}, an
 * index {@code <mart>_<column>_idx} on each date or timestamp column the primary key does not lead
 * with, and a comment on the table and on each column from the header. Rows are first written to a
 * staging table {@code <mart>__staging} of the same shape, whose constraint and index names carry
 * {@code __staging} too, since PostgreSQL keeps a constraint's name when its table is renamed and
 * index names are unique in a schema.
 */
final class PublishedTable {
  private static final String STAGING = "__staging";

  private final Dialect dialect;
  private final String schema;
  private final GoldMart mart;
  private final List<StructField> fields;

  /**
   * The statements of a mart.
   *
   * @param dialect the target database's dialect
   * @param schema the schema the mart is published into
   * @param mart the mart
   * @param types the gold table's Delta schema; its columns must be the header's, in its order
   * @throws org.carelake.core.CarelakeException when the columns differ from the header or a type
   *     has no SQL counterpart
   */
  PublishedTable(Dialect dialect, String schema, GoldMart mart, StructType types) {
    this.dialect = dialect;
    this.schema = schema;
    this.mart = mart;
    this.fields = Arrays.asList(types.fields());
    List<String> described = List.copyOf(mart.columns().keySet());
    List<String> stored = fields.stream().map(StructField::name).toList();
    if (!stored.equals(described)) {
      throw Errors.publishGoldColumnsDiffer(mart.name(), described, stored);
    }
    if (mart.name().length() > dialect.maxIdentifierLength()) {
      throw Errors.publishNameTooLong(mart.name(), dialect.maxIdentifierLength());
    }
    for (StructField field : fields) {
      try {
        dialect.type(field.dataType());
      } catch (IllegalArgumentException e) {
        throw Errors.publishUnsupportedType(mart.name(), field.name(), e.getMessage());
      }
    }
  }

  /** The published table's name (the mart's). */
  String name() {
    return mart.name();
  }

  /** The staging table's name. */
  String stagingName() {
    return dialect.fit(mart.name() + STAGING);
  }

  /** {@code schema.table} as the database knows it, for messages and summaries. */
  String displayName() {
    return schema + "." + mart.name();
  }

  /** The staging table's qualified, quoted name, as Spark's JDBC writer takes it. */
  String qualifiedStaging() {
    return dialect.qualified(schema, stagingName());
  }

  /** The columns in the header's order. */
  List<String> columns() {
    return fields.stream().map(StructField::name).toList();
  }

  /** The columns that are not part of the key, in order. */
  List<String> valueColumns() {
    return columns().stream().filter(column -> !mart.key().contains(column)).toList();
  }

  /** Creates the schema unless it exists. */
  String createSchema() {
    return dialect.createSchema(schema);
  }

  /** Drops what a failed attempt left, then creates the empty staging table and its indexes. */
  List<String> createStaging() {
    List<String> statements = new ArrayList<>();
    statements.add("DROP TABLE IF EXISTS " + dialect.qualified(schema, stagingName()));
    statements.addAll(create(stagingName(), STAGING));
    return statements;
  }

  /**
   * The published table's shape, as a short hash of the statements that create it: equal layouts
   * mean the staged rows can go into the published table as it is (same columns, types, key).
   */
  String layout() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join(";\n", create(mart.name(), "")).getBytes(StandardCharsets.UTF_8));
      return dialect.name() + ":" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The create statements of the published table under its own name. */
  List<String> createPublished() {
    return create(mart.name(), "");
  }

  private List<String> create(String table, String infix) {
    List<String> definitions = new ArrayList<>();
    for (StructField field : fields) {
      boolean key = mart.key().contains(field.name());
      definitions.add(
          dialect.quote(field.name())
              + " "
              + (key ? dialect.keyType(field.dataType()) : dialect.type(field.dataType()))
              + (key ? " NOT NULL" : " NULL"));
    }
    definitions.add(
        "CONSTRAINT "
            + dialect.quote(primaryKey(infix))
            + " PRIMARY KEY ("
            + mart.key().stream().map(dialect::quote).collect(Collectors.joining(", "))
            + ")");
    List<String> statements = new ArrayList<>();
    statements.add(
        "CREATE TABLE "
            + dialect.qualified(schema, table)
            + " ("
            + String.join(", ", definitions)
            + ")");
    for (String column : indexedColumns()) {
      statements.add(
          "CREATE INDEX "
              + dialect.quote(index(infix, column))
              + " ON "
              + dialect.qualified(schema, table)
              + " ("
              + dialect.quote(column)
              + ")");
    }
    return statements;
  }

  private String primaryKey(String infix) {
    return dialect.fit(mart.name() + infix + "_pkey");
  }

  private String index(String infix, String column) {
    return dialect.fit(mart.name() + infix + "_" + column + "_idx");
  }

  /** Date and time columns, which reports filter and group by, unless the key leads with them. */
  private List<String> indexedColumns() {
    return fields.stream()
        .filter(field -> isTime(field.dataType()))
        .map(StructField::name)
        .filter(column -> !column.equals(mart.key().get(0)))
        .toList();
  }

  private static boolean isTime(DataType type) {
    return type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType;
  }

  /**
   * How many rows publishing the staged rows changes: rows new or different in the staging table,
   * plus keys it no longer has. A single row, single column query.
   */
  String changedRows() {
    String staging = dialect.qualified(schema, stagingName());
    String target = dialect.qualified(schema, mart.name());
    String all = columns().stream().map(dialect::quote).collect(Collectors.joining(", "));
    String key = mart.key().stream().map(dialect::quote).collect(Collectors.joining(", "));
    return "SELECT (SELECT COUNT(*) FROM (SELECT "
        + all
        + " FROM "
        + staging
        + " EXCEPT SELECT "
        + all
        + " FROM "
        + target
        + ") AS n) + (SELECT COUNT(*) FROM (SELECT "
        + key
        + " FROM "
        + target
        + " EXCEPT SELECT "
        + key
        + " FROM "
        + staging
        + ") AS g)";
  }

  /** Counts the staged rows. */
  String countStaging() {
    return "SELECT COUNT(*) FROM " + dialect.qualified(schema, stagingName());
  }

  /**
   * Replaces the published table by the staging table: drops it, renames the staging table and its
   * primary key and indexes to the published names. For a new table or a new layout.
   */
  List<String> swapByRename() {
    List<String> statements = new ArrayList<>();
    statements.add("DROP TABLE IF EXISTS " + dialect.qualified(schema, mart.name()));
    statements.add(dialect.renameTable(schema, stagingName(), mart.name()));
    statements.add(
        dialect.renamePrimaryKey(schema, mart.name(), primaryKey(STAGING), primaryKey("")));
    for (String column : indexedColumns()) {
      statements.add(
          dialect.renameIndex(schema, mart.name(), index(STAGING, column), index("", column)));
    }
    return statements;
  }

  /**
   * Replaces the published rows by the staged ones in the published table itself, which keeps the
   * views and grants that depend on it. For a table whose layout is unchanged.
   */
  List<String> replaceInPlace() {
    String all = columns().stream().map(dialect::quote).collect(Collectors.joining(", "));
    return List.of(
        "DELETE FROM " + dialect.qualified(schema, mart.name()),
        "INSERT INTO "
            + dialect.qualified(schema, mart.name())
            + " ("
            + all
            + ") SELECT "
            + all
            + " FROM "
            + dialect.qualified(schema, stagingName()),
        dropStaging());
  }

  /** Merges the staged rows into the published table by key; see {@link Dialect#merge}. */
  List<String> merge() {
    return dialect.merge(schema, mart.name(), stagingName(), mart.key(), valueColumns());
  }

  /** Drops the staging table. */
  String dropStaging() {
    return "DROP TABLE IF EXISTS " + dialect.qualified(schema, stagingName());
  }

  /** The comments of the table and of each column, from the mart's header. */
  List<String> comments() {
    List<String> statements = new ArrayList<>();
    statements.add(dialect.tableComment(schema, mart.name(), tableComment(mart)));
    mart.columns()
        .forEach(
            (column, comment) ->
                statements.add(dialect.columnComment(schema, mart.name(), column, comment)));
    return statements;
  }

  /** The table's comment: its grain, its definition, and the definition it follows, if any. */
  static String tableComment(GoldMart mart) {
    return "Grain: "
        + mart.grain()
        + ". Definition: "
        + mart.definition()
        + "."
        + mart.follows().map(follows -> " Follows: " + follows + ".").orElse("");
  }
}
