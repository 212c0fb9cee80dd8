package org.carelake.lake.internal.publish;

import java.util.ArrayList;
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
 * SQL Server and Azure SQL Database through Microsoft's JDBC driver: bracketed identifiers, Unicode
 * text ({@code NVARCHAR}), {@code DATETIME2} in UTC, {@code BIT}, {@code sp_rename}, one {@code
 * MERGE ... WHEN NOT MATCHED BY SOURCE THEN DELETE}, and comments as {@code MS_Description}
 * extended properties (what SQL Server Management Studio and Azure Data Studio show as
 * descriptions).
 */
final class SqlServerDialect implements Dialect {
  /**
   * Characters of a text key column: an index key holds at most 900 bytes in a clustered index
   * (1,700 in a nonclustered one), and {@code NVARCHAR} takes two bytes a character, so three text
   * key columns of 128 still fit beside dates and numbers.
   */
  static final int KEY_TEXT_LENGTH = 128;

  private static final String DESCRIPTION = "N'MS_Description'";

  @Override
  public String name() {
    return "sqlserver";
  }

  @Override
  public int maxIdentifierLength() {
    return 128;
  }

  @Override
  public String quote(String identifier) {
    return "[" + identifier.replace("]", "]]") + "]";
  }

  @Override
  public String literal(String text) {
    return "N'" + text.replace("'", "''") + "'";
  }

  @Override
  public String type(DataType type) {
    if (type instanceof StringType) {
      return "NVARCHAR(MAX)";
    } else if (type instanceof IntegerType) {
      return "INT";
    } else if (type instanceof LongType) {
      return "BIGINT";
    } else if (type instanceof ShortType || type instanceof ByteType) {
      return "SMALLINT";
    } else if (type instanceof DoubleType) {
      return "FLOAT";
    } else if (type instanceof FloatType) {
      return "REAL";
    } else if (type instanceof DecimalType decimal) {
      return "DECIMAL(" + decimal.precision() + "," + decimal.scale() + ")";
    } else if (type instanceof BooleanType) {
      return "BIT";
    } else if (type instanceof DateType) {
      return "DATE";
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return "DATETIME2";
    } else if (type instanceof BinaryType) {
      return "VARBINARY(MAX)";
    }
    throw new IllegalArgumentException(type.simpleString() + " has no SQL Server column type");
  }

  @Override
  public String keyType(DataType type) {
    if (type instanceof StringType) {
      return "NVARCHAR(" + KEY_TEXT_LENGTH + ")";
    } else if (type instanceof BinaryType) {
      return "VARBINARY(" + 2 * KEY_TEXT_LENGTH + ")";
    }
    return type(type);
  }

  @Override
  public String textType() {
    return "NVARCHAR(MAX)";
  }

  @Override
  public String shortTextType(int length) {
    return "NVARCHAR(" + length + ")";
  }

  @Override
  public String timestampType() {
    return "DATETIME2";
  }

  @Override
  public String createSchema(String schema) {
    return "IF SCHEMA_ID("
        + literal(schema)
        + ") IS NULL EXEC(N'CREATE SCHEMA "
        + quote(schema).replace("'", "''")
        + "')";
  }

  @Override
  public String createTableIfMissing(String schema, String table, String create) {
    return "IF OBJECT_ID(" + literal(qualified(schema, table)) + ", N'U') IS NULL " + create;
  }

  @Override
  public String renameTable(String schema, String from, String to) {
    return "EXEC sp_rename " + literal(qualified(schema, from)) + ", " + literal(to);
  }

  /** sp_rename renames the index behind a primary key together with the constraint. */
  @Override
  public String renamePrimaryKey(String schema, String table, String from, String to) {
    return "EXEC sp_rename "
        + literal(qualified(schema, from))
        + ", "
        + literal(to)
        + ", N'OBJECT'";
  }

  @Override
  public String renameIndex(String schema, String table, String from, String to) {
    return "EXEC sp_rename "
        + literal(qualified(schema, table) + "." + quote(from))
        + ", "
        + literal(to)
        + ", N'INDEX'";
  }

  @Override
  public List<String> merge(
      String schema, String target, String staging, List<String> key, List<String> values) {
    List<String> all = new ArrayList<>(key);
    all.addAll(values);
    StringBuilder merge =
        new StringBuilder("MERGE INTO ")
            .append(qualified(schema, target))
            .append(" AS t USING ")
            .append(qualified(schema, staging))
            .append(" AS s ON ")
            .append(
                key.stream()
                    .map(column -> "t." + quote(column) + " = s." + quote(column))
                    .collect(Collectors.joining(" AND ")));
    if (!values.isEmpty()) {
      // EXISTS (SELECT t... EXCEPT SELECT s...) compares with NULLs equal, unlike <>.
      merge
          .append(" WHEN MATCHED AND EXISTS (SELECT ")
          .append(values.stream().map(c -> "t." + quote(c)).collect(Collectors.joining(", ")))
          .append(" EXCEPT SELECT ")
          .append(values.stream().map(c -> "s." + quote(c)).collect(Collectors.joining(", ")))
          .append(") THEN UPDATE SET ")
          .append(
              values.stream()
                  .map(c -> quote(c) + " = s." + quote(c))
                  .collect(Collectors.joining(", ")));
    }
    merge
        .append(" WHEN NOT MATCHED BY TARGET THEN INSERT (")
        .append(all.stream().map(this::quote).collect(Collectors.joining(", ")))
        .append(") VALUES (")
        .append(all.stream().map(c -> "s." + quote(c)).collect(Collectors.joining(", ")))
        .append(") WHEN NOT MATCHED BY SOURCE THEN DELETE;");
    return List.of(merge.toString());
  }

  @Override
  public String tableComment(String schema, String table, String comment) {
    return description(
        schema, table, "0", comment, ", @level1type = N'TABLE', @level1name = " + literal(table));
  }

  @Override
  public String columnComment(String schema, String table, String column, String comment) {
    return description(
        schema,
        table,
        "COLUMNPROPERTY(OBJECT_ID("
            + literal(qualified(schema, table))
            + "), "
            + literal(column)
            + ", 'ColumnId')",
        comment,
        ", @level1type = N'TABLE', @level1name = "
            + literal(table)
            + ", @level2type = N'COLUMN', @level2name = "
            + literal(column));
  }

  /** Updates the MS_Description property when the object has one, else adds it. */
  private String description(
      String schema, String table, String minorId, String comment, String levels) {
    String arguments =
        " @name = "
            + DESCRIPTION
            + ", @value = "
            + literal(comment)
            + ", @level0type = N'SCHEMA', @level0name = "
            + literal(schema)
            + levels;
    return "IF EXISTS (SELECT 1 FROM sys.extended_properties WHERE class = 1 AND major_id ="
        + " OBJECT_ID("
        + literal(qualified(schema, table))
        + ") AND minor_id = "
        + minorId
        + " AND name = "
        + DESCRIPTION
        + ") EXEC sys.sp_updateextendedproperty"
        + arguments
        + " ELSE EXEC sys.sp_addextendedproperty"
        + arguments;
  }
}
