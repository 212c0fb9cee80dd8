package org.carelake.source;

import java.util.Arrays;

/**
 * One row of an EHR table as the generator writes it: each value as PostgreSQL's COPY text format
 * reads it, or null. Rows stay mutable until they are written, so defects can be applied to them.
 */
public final class Row {
  private final SourceTable table;
  private final String[] values;

  /** An empty row of a table: every column SQL NULL. */
  public Row(SourceTable table) {
    this.table = table;
    this.values = new String[table.columns().size()];
  }

  private Row(SourceTable table, String[] values) {
    this.table = table;
    this.values = values;
  }

  /** A row with every column given, in the table's column order; nulls write SQL NULL. */
  public static Row of(SourceTable table, Object... values) {
    if (values.length != table.columns().size()) {
      throw new IllegalArgumentException(
          table.tableName() + " has " + table.columns().size() + " columns, not " + values.length);
    }
    String[] text = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      text[i] = values[i] == null ? null : values[i].toString();
    }
    return new Row(table, text);
  }

  /** The row's table. */
  public SourceTable table() {
    return table;
  }

  /** The row's primary key. */
  public long id() {
    return Long.parseLong(values[0]);
  }

  /** The value of a column, or null. */
  public String get(String column) {
    return values[table.column(column)];
  }

  /** Sets a column; a null value writes SQL NULL. Returns this row. */
  public Row set(String column, Object value) {
    values[table.column(column)] = value == null ? null : value.toString();
    return this;
  }

  /** The value at a position of the table's columns, or null. */
  public String value(int index) {
    return values[index];
  }

  /** How many columns the row has. */
  public int size() {
    return values.length;
  }

  /** Whether another row holds the same values. */
  public boolean sameValues(Row other) {
    return Arrays.equals(values, other.values);
  }

  /** Takes over the values of another row of the same table. */
  public void restore(Row other) {
    System.arraycopy(other.values, 0, values, 0, values.length);
  }

  /** An independent copy. */
  public Row copy() {
    return new Row(table, Arrays.copyOf(values, values.length));
  }
}
