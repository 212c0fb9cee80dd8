package org.carelake.csv;

import java.util.List;

/**
 * One record of a CSV file and the line it starts on.
 *
 * @param line the 1-based line number where the record starts, for messages
 * @param fields the record's fields, unquoted; a blank line is one empty field
 */
public record CsvRecord(int line, List<String> fields) {
  /** The record's fields, as an unmodifiable copy. */
  public CsvRecord {
    fields = List.copyOf(fields);
  }

  /** Whether the record is a blank line. */
  public boolean isBlank() {
    return fields.size() == 1 && fields.get(0).isEmpty();
  }
}
