package org.carelake.source;

/**
 * The declaration of the reference schema's deletion log, {@code source_deletions}: one row per
 * deleted record ({@code table_name}, {@code primary_key}, {@code deleted_at}), written by an
 * {@code AFTER DELETE} trigger on every table of {@link SourceTable}.
 */
public final class DeletionLog {
  /** The log's table name. */
  public static final String TABLE = "source_deletions";

  /** Its primary key, an identity column. */
  public static final String KEY_COLUMN = "deletion_id";

  /** The deleted row's table. */
  public static final String TABLE_COLUMN = "table_name";

  /** The deleted row's primary key. */
  public static final String PRIMARY_KEY_COLUMN = "primary_key";

  /** When the row was deleted, the watermark of extraction. */
  public static final String WATERMARK_COLUMN = "deleted_at";

  private DeletionLog() {}
}
