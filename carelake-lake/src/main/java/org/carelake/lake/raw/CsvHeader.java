package org.carelake.lake.raw;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.carelake.csv.CsvReader;
import org.carelake.lake.LakeFiles;

/**
 * The little of CSV the raw zone needs: a header line's names, and counting records while the file
 * is copied (a byte scan, so a file that is not valid CSV still lands and is judged downstream).
 */
final class CsvHeader {
  private CsvHeader() {}

  /**
   * The column names in a CSV file's header line (its first record, read with the one CSV reader,
   * so quoted names may hold commas), trimmed; none for an empty file.
   */
  static List<String> read(LakeFiles files, String path) {
    try (CsvReader reader = CsvReader.open(files.open(path), path)) {
      return reader
          .next()
          .map(header -> header.fields().stream().map(String::strip).toList())
          .orElse(List.of());
    }
  }

  /**
   * Copies a CSV stream and counts its records (header included): line ends inside quoted fields do
   * not end a record, and a last line without a line end still counts.
   */
  static long copyCountingRecords(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long records = 0;
    boolean quoted = false;
    boolean pending = false;
    int read;
    while ((read = in.read(buffer)) > 0) {
      out.write(buffer, 0, read);
      for (int i = 0; i < read; i++) {
        byte b = buffer[i];
        if (b == '"') {
          quoted = !quoted;
          pending = true;
        } else if (b == '\n' && !quoted) {
          records++;
          pending = false;
        } else if (b != '\r') {
          pending = true;
        }
      }
    }
    return pending ? records + 1 : records;
  }
}
