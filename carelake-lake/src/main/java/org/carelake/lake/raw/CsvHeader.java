package org.carelake.lake.raw;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.carelake.lake.LakeFiles;

/** The little of CSV the raw zone needs: a header line's names, and counting records. */
final class CsvHeader {
  private CsvHeader() {}

  /** The column names in a CSV file's header line, trimmed. */
  static List<String> read(LakeFiles files, String path) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(files.open(path), StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      List<String> names = new ArrayList<>();
      if (line == null) {
        return names;
      }
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      StringBuilder name = new StringBuilder();
      boolean quoted = false;
      for (char c : line.toCharArray()) {
        if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          names.add(name.toString().strip());
          name.setLength(0);
        } else {
          name.append(c);
        }
      }
      names.add(name.toString().strip());
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
