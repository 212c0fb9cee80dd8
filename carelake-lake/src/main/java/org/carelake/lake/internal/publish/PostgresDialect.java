package org.carelake.lake.internal.publish;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * PostgreSQL (and Azure Database for PostgreSQL): double-quoted identifiers, {@code ALTER ...
 * RENAME}, {@code INSERT ... ON CONFLICT} for the merge (PostgreSQL 9.5 and later, where {@code
 * MERGE ... WHEN NOT MATCHED BY SOURCE} needs 17), {@code COMMENT ON}.
 */
final class PostgresDialect implements Dialect {
  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public int maxIdentifierLength() {
    return 63;
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  @Override
  public String type(DataType type) {
    if (type instanceof StringType) {
      return "TEXT";
    } else if (type instanceof IntegerType) {
      return "INTEGER";
    } else if (type instanceof LongType) {
      return "BIGINT";
    } else if (type instanceof ShortType || type instanceof ByteType) {
      return "SMALLINT";
    } else if (type instanceof DoubleType) {
      return "DOUBLE PRECISION";
    } else if (type instanceof FloatType) {
      return "REAL";
    } else if (type instanceof DecimalType decimal) {
      return "NUMERIC(" + decimal.precision() + "," + decimal.scale() + ")";
    } else if (type instanceof BooleanType) {
      return "BOOLEAN";
    } else if (type instanceof DateType) {
      return "DATE";
    } else if (type instanceof TimestampType) {
      return "TIMESTAMP WITH TIME ZONE";
    } else if (type instanceof TimestampNTZType) {
      return "TIMESTAMP";
    } else if (type instanceof BinaryType) {
      return "BYTEA";
    }
    throw new IllegalArgumentException(type.simpleString() + " has no PostgreSQL column type");
  }

  @Override
  public String textType() {
    return "TEXT";
  }

  @Override
  public String shortTextType(int length) {
    return "VARCHAR(" + length + ")";
  }

  @Override
  public String timestampType() {
    return "TIMESTAMP WITH TIME ZONE";
  }

  @Override
  public String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
  }

  @Override
  public String createTableIfMissing(String schema, String table, String create) {
    return create.replaceFirst("^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ");
  }

  @Override
  public String renameTable(String schema, String from, String to) {
    return "ALTER TABLE " + qualified(schema, from) + " RENAME TO " + quote(to);
  }

  /** A renamed table keeps its constraints' names; the primary key is renamed after it. */
  @Override
  public String renamePrimaryKey(String schema, String table, String from, String to) {
    return "ALTER TABLE "
        + qualified(schema, table)
        + " RENAME CONSTRAINT "
        + quote(from)
        + " TO "
        + quote(to);
  }

  @Override
  public String renameIndex(String schema, String table, String from, String to) {
    return "ALTER INDEX " + qualified(schema, from) + " RENAME TO " + quote(to);
  }

  @Override
  public List<String> merge(
      String schema, String target, String staging, List<String> key, List<String> values) {
    String matches =
        key.stream()
            .map(column -> "s." + quote(column) + " = t." + quote(column))
            .collect(Collectors.joining(" AND "));
    String delete =
        "DELETE FROM "
            + qualified(schema, target)
            + " AS t WHERE NOT EXISTS (SELECT 1 FROM "
            + qualified(schema, staging)
            + " AS s WHERE "
            + matches
            + ")";
    List<String> all = new java.util.ArrayList<>(key);
    all.addAll(values);
    String columns = all.stream().map(this::quote).collect(Collectors.joining(", "));
    String upsert =
        "INSERT INTO "
            + qualified(schema, target)
            + " AS t ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + qualified(schema, staging)
            + " ON CONFLICT ("
            + key.stream().map(this::quote).collect(Collectors.joining(", "))
            + ")";
    if (values.isEmpty()) {
      upsert += " DO NOTHING";
    } else {
      upsert +=
          " DO UPDATE SET "
              + values.stream()
                  .map(column -> quote(column) + " = EXCLUDED." + quote(column))
                  .collect(Collectors.joining(", "))
              + " WHERE ROW("
              + values.stream()
                  .map(column -> "t." + quote(column))
                  .collect(Collectors.joining(", "))
              + ") IS DISTINCT FROM ROW("
              + values.stream()
                  .map(column -> "EXCLUDED." + quote(column))
                  .collect(Collectors.joining(", "))
              + ")";
    }
    return List.of(delete, upsert);
  }

  @Override
  public String tableComment(String schema, String table, String comment) {
    return "COMMENT ON TABLE " + qualified(schema, table) + " IS " + literal(comment);
  }

  @Override
  public String columnComment(String schema, String table, String column, String comment) {
    return "COMMENT ON COLUMN "
        + qualified(schema, table)
        + "."
        + quote(column)
        + " IS "
        + literal(comment);
  }
}
