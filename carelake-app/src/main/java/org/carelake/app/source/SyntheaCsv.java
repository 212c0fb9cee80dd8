package org.carelake.app.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;
import org.carelake.csv.CsvReader;
import org.carelake.csv.CsvRecord;

/**
 * Reads one CSV file of a Synthea export a record at a time, with the one CSV reader ({@link
 * CsvReader}): a header line naming the columns, then records of comma-separated fields (RFC 4180:
 * fields holding commas, quotes or line breaks in double quotes, a quote inside written twice), LF
 * or CRLF line ends, an optional UTF-8 byte-order mark. Columns are found by name,
 * case-insensitively, so the column sets of Synthea 2.x and 3.x both read (3.x added, for example,
 * {@code MIDDLE} to patients and {@code SYSTEM} to conditions).
 *
 * <p>Error messages name the file, the line and the column, never a value: values are patient data.
 */
final class SyntheaCsv implements Closeable {
  private final Path file;
  private final CsvReader reader;
  private final Map<String, Integer> columns = new HashMap<>();
  private List<String> fields = List.of();
  private int recordLine;

  private SyntheaCsv(Path file) throws IOException {
    this.file = file;
    this.reader = CsvReader.open(Files.newInputStream(file), file.getFileName().toString());
    Optional<CsvRecord> header = read();
    if (header.isEmpty()) {
      reader.close();
      throw Errors.syntheaUnreadable(file, "the file is empty, it has no header line", null);
    }
    fields = header.get().fields();
    for (int i = 0; i < fields.size(); i++) {
      columns.putIfAbsent(fields.get(i).trim().toUpperCase(Locale.ROOT), i);
    }
  }

  /**
   * Opens a file and reads its header.
   *
   * @param file the CSV file
   * @param required the columns a record must have
   * @return the reader, positioned before the first record
   */
  static SyntheaCsv open(Path file, String... required) {
    SyntheaCsv csv;
    try {
      csv = new SyntheaCsv(file);
    } catch (IOException e) {
      throw Errors.syntheaUnreadable(file, String.valueOf(e.getMessage()), e);
    }
    for (String column : required) {
      if (!csv.has(column)) {
        CarelakeException missing =
            Errors.syntheaUnreadable(
                file, "its header has no column " + column.toUpperCase(Locale.ROOT), null);
        try {
          csv.close();
        } catch (CarelakeException e) {
          missing.addSuppressed(e);
        }
        throw missing;
      }
    }
    return csv;
  }

  /** Whether the header names a column. */
  boolean has(String column) {
    return columns.containsKey(column.toUpperCase(Locale.ROOT));
  }

  /** Reads the next record, skipping blank lines; false at the end of the file. */
  boolean next() {
    Optional<CsvRecord> record;
    while ((record = read()).isPresent()) {
      if (!record.get().isBlank()) {
        fields = record.get().fields();
        recordLine = record.get().line();
        return true;
      }
    }
    return false;
  }

  private Optional<CsvRecord> read() {
    try {
      return reader.next();
    } catch (CarelakeException e) {
      // The reader's message names the file and the line, never a value.
      throw Errors.syntheaUnreadable(file, e.getMessage(), e);
    }
  }

  /** A field of the current record, trimmed; null when empty or when the header lacks it. */
  String get(String column) {
    Integer index = columns.get(column.toUpperCase(Locale.ROOT));
    if (index == null || index >= fields.size()) {
      return null;
    }
    String value = fields.get(index).trim();
    return value.isEmpty() ? null : value;
  }

  /** The line the current record starts on, for messages. */
  int line() {
    return recordLine;
  }

  /** The file, for messages. */
  Path file() {
    return file;
  }

  /** An error about the current record's column, without its value. */
  RuntimeException bad(String column, String problem) {
    return Errors.syntheaUnreadable(
        file, "line " + recordLine + ", column " + column + ": " + problem, null);
  }

  @Override
  public void close() {
    reader.close();
  }
}
