package org.carelake.csv;

import java.io.IOException;
import org.carelake.core.CarelakeException;

/**
 * The errors of the CSV reader. Messages name the source and the line, never a field's value, since
 * values may be patient data.
 */
final class CsvErrors {
  private CsvErrors() {}

  static CarelakeException unclosedQuote(String source, int line) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": a quoted field is never closed; the file ends inside quotes; add the closing"
            + " double quote, and write a quote inside a field as two quotes.");
  }

  static CarelakeException textAfterClosingQuote(String source, int line) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": text follows the closing double quote of a field; in CSV only a whole field may"
            + " be quoted; quote the whole field and write a quote inside it as two quotes.");
  }

  static CarelakeException malformed(String source, int line) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": the text is not valid CSV (RFC 4180); check the quoting of that record, and"
            + " that the file is UTF-8 text.");
  }

  static CarelakeException unreadable(String source, IOException cause) {
    return new CarelakeException(
        source
            + " could not be read ("
            + cause.getClass().getSimpleName()
            + "); check that the file exists and is readable.",
        cause);
  }
}
