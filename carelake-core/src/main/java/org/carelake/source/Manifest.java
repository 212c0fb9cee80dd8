package org.carelake.source;

import java.io.IOException;
import java.io.Writer;

/**
 * The ground truth in table {@code carelake_manifest}: one entry per injected defect and per churn
 * change, naming the table, the primary key, the kind and the column. Entries never hold patient
 * data.
 */
public final class Manifest {
  private Manifest() {}

  /** The batch number of a generation; churn batches count up from it. */
  public static final int GENERATE_BATCH = 1;

  /** The COPY statement that loads entries written with {@link #write}. */
  public static final String COPY_STATEMENT =
      "COPY carelake_manifest (batch_id, change, table_name, primary_key, kind, column_name,"
          + " detail) FROM STDIN";

  /**
   * One entry.
   *
   * @param batch the batch that made the change
   * @param change 'defect', 'insert', 'update' or 'delete'
   * @param table the table
   * @param primaryKey the row's key
   * @param kind the defect kind or the kind of change
   * @param column the column changed, or null
   * @param detail more about it (never patient data), or null
   */
  public record Entry(
      int batch,
      String change,
      SourceTable table,
      long primaryKey,
      String kind,
      String column,
      String detail) {}

  /** Writes one entry as a line of COPY text. */
  public static void write(Entry entry, Writer out) throws IOException {
    out.write(
        entry.batch()
            + "\t"
            + entry.change()
            + "\t"
            + entry.table().tableName()
            + "\t"
            + entry.primaryKey()
            + "\t"
            + entry.kind()
            + "\t"
            + (entry.column() == null ? "\\N" : entry.column())
            + "\t"
            + (entry.detail() == null ? "\\N" : entry.detail().replace('\t', ' '))
            + "\n");
  }
}
