package org.carelake.source;

/**
 * One column of a source table as {@link SourceTable} declares it.
 *
 * @param name the column's name in the database
 * @param type its SQL type
 */
public record SourceColumn(String name, Type type) {
  /** The SQL types the reference schema uses, with PostgreSQL's name for each. */
  public enum Type {
    /** A 64-bit integer (keys and references). */
    BIGINT("bigint"),
    /** A 32-bit integer. */
    INTEGER("integer"),
    /** An exact decimal of any precision. */
    NUMERIC("numeric"),
    /** Text of any length. */
    TEXT("text"),
    /** A calendar date. */
    DATE("date"),
    /** A local wall-clock time (timestamp without time zone), as EHRs record clinical times. */
    TIMESTAMP("timestamp without time zone"),
    /** An instant (timestamp with time zone), as the database keeps change times. */
    TIMESTAMPTZ("timestamp with time zone");

    private final String postgresName;

    Type(String postgresName) {
      this.postgresName = postgresName;
    }

    /** The type's name as PostgreSQL's {@code information_schema.columns.data_type} gives it. */
    public String postgresName() {
      return postgresName;
    }
  }
}
