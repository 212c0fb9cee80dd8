package org.carelake.lake.extract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.carelake.source.DeletionLog;
import org.carelake.source.SourceTable;

/**
 * A source table the pipeline extracts, derived from the one declaration of the reference schema
 * ({@link SourceTable}, {@link DeletionLog}).
 *
 * @param name the table's name in the source database
 * @param keyColumn its primary key column
 * @param watermarkColumn the change timestamp incremental extraction reads
 * @param kind a table of records, or the log of deleted rows
 */
public record IngestTable(String name, String keyColumn, String watermarkColumn, Kind kind) {
  /** What a table holds. */
  public enum Kind {
    /** Records with {@code created_at} and {@code updated_at} kept by triggers. */
    RECORDS,
    /**
     * The deletion log: one row per deleted record ({@code table_name}, {@code primary_key}, {@code
     * deleted_at}), written by an {@code AFTER DELETE} trigger on every records table.
     */
    DELETION_LOG
  }

  /** The deletion log of the reference schema, as {@link DeletionLog} declares it. */
  public static final IngestTable DELETIONS =
      new IngestTable(
          DeletionLog.TABLE,
          DeletionLog.KEY_COLUMN,
          DeletionLog.WATERMARK_COLUMN,
          Kind.DELETION_LOG);

  /** The EHR's record tables, parents before children, as {@link SourceTable} declares them. */
  public static final List<IngestTable> RECORDS =
      Arrays.stream(SourceTable.values())
          .map(
              table ->
                  new IngestTable(
                      table.tableName(), table.keyColumn(), table.watermarkColumn(), Kind.RECORDS))
          .toList();

  /** Every table the pipeline extracts: the record tables, then the deletion log. */
  public static final List<IngestTable> ALL = concat(RECORDS, DELETIONS);

  /** A record table by name. */
  public static Optional<IngestTable> record(String name) {
    return RECORDS.stream().filter(table -> table.name().equals(name)).findFirst();
  }

  private static List<IngestTable> concat(List<IngestTable> tables, IngestTable last) {
    List<IngestTable> all = new java.util.ArrayList<>(tables);
    all.add(last);
    return List.copyOf(all);
  }
}
