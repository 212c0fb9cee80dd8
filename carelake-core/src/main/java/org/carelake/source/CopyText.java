package org.carelake.source;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;

/** Writes rows in PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL, escaped. */
public final class CopyText {
  private CopyText() {}

  /** Writes one row as one line. */
  public static void write(Row row, Writer out) throws IOException {
    for (int i = 0; i < row.size(); i++) {
      if (i > 0) {
        out.write('\t');
      }
      String value = row.value(i);
      if (value == null) {
        out.write("\\N");
      } else {
        writeEscaped(value, out);
      }
    }
    out.write('\n');
  }

  /** Writes one line of values; a null value writes SQL NULL. */
  public static void writeValues(Writer out, String... values) throws IOException {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.write('\t');
      }
      if (values[i] == null) {
        out.write("\\N");
      } else {
        writeEscaped(values[i], out);
      }
    }
    out.write('\n');
  }

  /**
   * A wall-clock time as the generator and the importer write it: {@code 2020-01-31 08:15:00},
   * whole seconds.
   */
  public static String timestamp(LocalDateTime time) {
    return time.toLocalDate() + " " + time.toLocalTime().withNano(0);
  }

  private static void writeEscaped(String value, Writer out) throws IOException {
    int length = value.length();
    int start = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      String escape =
          switch (c) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
          };
      if (escape != null) {
        out.write(value, start, i - start);
        out.write(escape);
        start = i + 1;
      }
    }
    out.write(value, start, length - start);
  }
}
