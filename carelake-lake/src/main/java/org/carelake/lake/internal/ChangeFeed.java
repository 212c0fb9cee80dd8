package org.carelake.lake.internal;

import java.io.FileNotFoundException;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The row-level changes of a Delta table between two of its versions, read from its change data
 * feed ({@code delta.enableChangeDataFeed}, see {@link DeltaState#changeDataFeed()}).
 *
 * <p>A feed does not always cover the versions asked for: versions written before the feed was
 * turned on have none, a table replaced since has other versions, and {@code VACUUM} or log
 * clean-up remove the files of old changes. A caller then reads the whole table instead; {@link
 * #read} says so when Delta can tell at once, {@link #notRecorded} when the loss shows only while
 * the changes are read (a removed change file).
 */
public final class ChangeFeed {
  private ChangeFeed() {}

  /**
   * The changes of a table in a range of versions, both included: its rows with Delta's {@code
   * _change_type} ({@code insert}, {@code update_preimage}, {@code update_postimage}, {@code
   * delete}), {@code _commit_version} and {@code _commit_timestamp}. Lazy: no Spark job runs here.
   *
   * @param spark the session
   * @param path the table's location
   * @param from the first version
   * @param to the last version
   * @return the changes, or empty when the table's feed does not cover the range
   */
  public static Optional<Dataset<Row>> read(SparkSession spark, String path, long from, long to) {
    try {
      return Optional.of(
          spark
              .read()
              .format("delta")
              .option("readChangeFeed", "true")
              .option("startingVersion", from)
              .option("endingVersion", to)
              .load(path));
    } catch (Exception e) {
      if (notRecorded(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Whether reading a change feed failed because the feed does not cover the versions asked for:
   * Delta raises an analysis error, possibly wrapped, when a version in the range was written with
   * the feed off or is no longer in the log, and a missing file when a change file was vacuumed.
   */
  public static boolean notRecorded(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof AnalysisException || cause instanceof FileNotFoundException) {
        return true;
      }
    }
    return false;
  }
}
