package org.carelake.lake.internal.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.types.DataType;

/**
 * The SQL that differs between the databases gold is published to: how identifiers are quoted,
 * which SQL type a Spark type becomes, how a table and its constraints are renamed, how rows are
 * merged by key, and how tables and columns are commented. Each method returns statement text only;
 * nothing here touches a database, so the statements can be checked against golden files.
 */
interface Dialect {
  /**
   * The dialect of a JDBC URL.
   *
   * @param url a {@code jdbc:postgresql:} or {@code jdbc:sqlserver:} URL
   */
  static Dialect of(String url) {
    return url.startsWith("jdbc:sqlserver:") ? new SqlServerDialect() : new PostgresDialect();
  }

  /** A short name, for logs and golden files: {@code postgresql}, {@code sqlserver}. */
  String name();

  /** The longest identifier the database keeps whole. */
  int maxIdentifierLength();

  /** An identifier, quoted (embedded quote characters doubled). */
  String quote(String identifier);

  /** {@code schema.name}, both parts quoted. */
  default String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /** A string literal (embedded single quotes doubled). */
  String literal(String text);

  /**
   * The SQL type of a column holding values of a Spark type.
   *
   * @throws IllegalArgumentException when the type has no SQL counterpart (arrays, maps, structs)
   */
  String type(DataType type);

  /** The SQL type of a key column; SQL Server cannot index unbounded text. */
  default String keyType(DataType type) {
    return type(type);
  }

  /** Unbounded text, for the catalog. */
  String textType();

  /** Bounded text of up to {@code length} characters, for the catalog's key and short values. */
  String shortTextType(int length);

  /** A point in time, stored in UTC, for the catalog. */
  String timestampType();

  /** Creates the schema unless it exists. */
  String createSchema(String schema);

  /**
   * Creates a table unless it exists.
   *
   * @param create the {@code CREATE TABLE} statement
   */
  String createTableIfMissing(String schema, String table, String create);

  /** Renames a table within its schema. */
  String renameTable(String schema, String from, String to);

  /** Renames a primary-key constraint of a table (and the index behind it). */
  String renamePrimaryKey(String schema, String table, String from, String to);

  /** Renames an index of a table. */
  String renameIndex(String schema, String table, String from, String to);

  /**
   * Makes the target hold the staged rows, touching only what differs: inserts the keys new in the
   * staging table, updates the rows whose values changed, deletes the keys the staging table no
   * longer has. Each statement's update count adds to the rows changed.
   *
   * @param key the key columns
   * @param values the other columns
   */
  List<String> merge(
      String schema, String target, String staging, List<String> key, List<String> values);

  /** Sets the comment of a table, replacing any. */
  String tableComment(String schema, String table, String comment);

  /** Sets the comment of a column, replacing any. */
  String columnComment(String schema, String table, String column, String comment);

  /**
   * A name that fits the database's identifier length: the name itself when it fits, else its start
   * and a hash of the whole, so two long names stay distinct and the same name always shortens the
   * same way (PostgreSQL would cut it silently, and a later rename would miss it).
   */
  default String fit(String name) {
    if (name.length() <= maxIdentifierLength()) {
      return name;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(digest, 0, 4);
      return name.substring(0, maxIdentifierLength() - hash.length() - 1) + "_" + hash;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
