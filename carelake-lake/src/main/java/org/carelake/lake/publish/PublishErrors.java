package org.carelake.lake.publish;

import java.util.List;
import org.carelake.core.CarelakeException;

/** The errors of publishing gold to SQL, each saying what went wrong, why, and what to do. */
final class PublishErrors {
  private PublishErrors() {}

  /** The gold table's columns are not the ones its mart's header describes. */
  static CarelakeException goldColumnsDiffer(
      String mart, List<String> described, List<String> stored) {
    return new CarelakeException(
        "The gold table "
            + mart
            + " has the columns "
            + stored
            + " but its mart's header describes "
            + described
            + ", so it cannot be published with the header's names, key and comments; it was built"
            + " by another version of sql/gold/"
            + mart
            + ".sql. Rebuild gold with 'carelake run --full'.");
  }

  /** A gold column's type has no SQL counterpart. */
  static CarelakeException unsupportedType(String mart, String column, String problem) {
    return new CarelakeException(
        "The gold mart "
            + mart
            + " cannot be published: column "
            + column
            + ": "
            + problem
            + ". Published marts hold flat values (text, numbers, booleans, dates, times); select"
            + " this column as one of those in sql/gold/"
            + mart
            + ".sql (for example with to_json or concat_ws).");
  }

  /** A mart's name is longer than the database's identifiers. */
  static CarelakeException nameTooLong(String mart, int limit) {
    return new CarelakeException(
        "The gold mart "
            + mart
            + " cannot be published: its name is longer than the "
            + limit
            + " characters the publish database keeps in a table name. Give it a shorter name.");
  }

  /** A mart is named like the catalog table. */
  static CarelakeException reservedName(String mart) {
    return new CarelakeException(
        "The gold mart "
            + mart
            + " cannot be published: the publish schema's table of that name is the catalog of"
            + " the published marts. Give the mart another name.");
  }

  /** The staged rows broke the primary key: a key column empty, or a key that repeats. */
  static CarelakeException keyViolation(
      String mart, List<String> key, String url, Throwable cause) {
    return new CarelakeException(
        "Publishing the gold mart "
            + mart
            + " to "
            + url
            + " failed: its rows do not fit its primary key "
            + key
            + " ("
            + rootMessage(cause)
            + "); a key column is empty or two rows share a key. The published table was left as"
            + " it was. Make the '-- key:' line of sql/gold/"
            + mart
            + ".sql name columns that identify a row and are never empty (COALESCE them in the"
            + " SELECT).",
        cause);
  }

  /** Anything else that failed while publishing. */
  static CarelakeException failed(String table, String url, Throwable cause) {
    return new CarelakeException(
        "Publishing "
            + table
            + " to "
            + url
            + " failed ("
            + rootMessage(cause)
            + "); the published table was left as it was. Check that publish.jdbc-url is"
            + " reachable and that publish.user may create tables in schema publish.schema, and"
            + " for a changed layout that no view depends on the table (it is dropped and"
            + " replaced).",
        cause);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
