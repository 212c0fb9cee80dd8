package org.carelake.app.source;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carelake.source.SourceErrors;

/**
 * Reads one CSV file of a Synthea export a record at a time: a header line naming the columns, then
 * records of comma-separated fields (RFC 4180: fields holding commas, quotes or line breaks in
 * double quotes, a quote inside written twice), LF or CRLF line ends, an optional UTF-8 byte-order
 * mark. Columns are found by name, case-insensitively, so the column sets of Synthea 2.x and 3.x
 * both read (3.x added, for example, {@code MIDDLE} to patients and {@code SYSTEM} to conditions).
 *
 * <p>Error messages name the file, the line and the column, never a value: values are patient data.
 */
final class SyntheaCsv implements Closeable {
  private final Path file;
  private final BufferedReader reader;
  private final Map<String, Integer> columns = new HashMap<>();
  private final StringBuilder field = new StringBuilder();
  private List<String> fields = new ArrayList<>();
  private int line;
  private int recordLine;

  private SyntheaCsv(Path file) throws IOException {
    this.file = file;
    this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
    if (!advance()) {
      throw SourceErrors.syntheaUnreadable(file, "the file is empty, it has no header line", null);
    }
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
      throw SourceErrors.syntheaUnreadable(file, String.valueOf(e.getMessage()), e);
    }
    for (String column : required) {
      if (!csv.has(column)) {
        csv.closeQuietly();
        throw SourceErrors.syntheaUnreadable(
            file, "its header has no column " + column.toUpperCase(Locale.ROOT), null);
      }
    }
    return csv;
  }

  /** Whether the header names a column. */
  boolean has(String column) {
    return columns.containsKey(column.toUpperCase(Locale.ROOT));
  }

  /** Reads the next record; false at the end of the file. */
  boolean next() {
    try {
      while (advance()) {
        if (fields.size() == 1 && fields.get(0).isEmpty()) {
          continue;
        }
        return true;
      }
      return false;
    } catch (IOException e) {
      throw SourceErrors.syntheaUnreadable(file, String.valueOf(e.getMessage()), e);
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
    return SourceErrors.syntheaUnreadable(
        file, "line " + recordLine + ", column " + column + ": " + problem, null);
  }

  private boolean advance() throws IOException {
    fields = new ArrayList<>();
    field.setLength(0);
    recordLine = line + 1;
    boolean quoted = false;
    boolean any = false;
    int c;
    while ((c = reader.read()) >= 0) {
      any = true;
      if (quoted) {
        if (c == '"') {
          reader.mark(1);
          int following = reader.read();
          if (following == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (following >= 0) {
              reader.reset();
            }
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == '\n') {
        line++;
        fields.add(stripCarriageReturn());
        return true;
      } else {
        field.append((char) c);
      }
    }
    if (quoted) {
      throw SourceErrors.syntheaUnreadable(
          file, "a quoted field starting on line " + recordLine + " is never closed", null);
    }
    if (!any) {
      return false;
    }
    line++;
    fields.add(stripCarriageReturn());
    return true;
  }

  private String stripCarriageReturn() {
    int length = field.length();
    if (length > 0 && field.charAt(length - 1) == '\r') {
      field.setLength(length - 1);
    }
    return field.toString();
  }

  private void closeQuietly() {
    try {
      reader.close();
    } catch (IOException e) {
      // Closing a file that was only read cannot lose data.
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
