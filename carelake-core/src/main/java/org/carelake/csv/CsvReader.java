package org.carelake.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carelake.core.Errors;

/**
 * The one CSV reader of carelake, on Jackson's {@code jackson-dataformat-csv}: reads CSV text (RFC
 * 4180) a record at a time. Fields are separated by commas and records by LF or CRLF; fields that
 * hold commas, quotes or line breaks are enclosed in double quotes, with a quote inside written
 * twice; a final line break is optional; a UTF-8 byte-order mark at the start is dropped. Nothing
 * is trimmed, and a header line is a record like any other: callers decide what it means.
 *
 * <p>Lenient where real files are: a double quote inside an unquoted field is kept as text. Strict
 * where data would be lost: a quoted field that is never closed, or text after a closing quote,
 * fails with the source and line, never a value (values may be patient data).
 *
 * <p>Cost: one pass, buffered; memory is one record.
 */
public final class CsvReader implements Closeable {
  private static final CsvMapper MAPPER = new CsvMapper();

  private final CsvParser parser;
  private final String source;
  private int depth;
  private int nextLine = 1;

  private CsvReader(Reader reader, String source) throws IOException {
    this.parser = (CsvParser) MAPPER.getFactory().createParser(withoutByteOrderMark(reader));
    this.parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    this.source = source;
  }

  /**
   * Opens a reader on characters.
   *
   * @param reader the text; closed with this reader
   * @param source what the text is, for messages (a file name or resource path)
   * @return the reader, before the first record
   */
  public static CsvReader open(Reader reader, String source) {
    try {
      return new CsvReader(reader, source);
    } catch (IOException e) {
      throw Errors.csvUnreadable(source, e);
    }
  }

  /**
   * Opens a reader on UTF-8 bytes.
   *
   * @param in the bytes; closed with this reader
   * @param source what the bytes are, for messages
   * @return the reader, before the first record
   */
  public static CsvReader open(InputStream in, String source) {
    return open(new InputStreamReader(in, StandardCharsets.UTF_8), source);
  }

  /**
   * Reads every record of a text.
   *
   * @param text the whole text
   * @param source what the text is, for messages
   * @return the records in order; none for an empty text
   */
  public static List<CsvRecord> parse(String text, String source) {
    List<CsvRecord> records = new ArrayList<>();
    try (CsvReader reader = open(new StringReader(text), source)) {
      Optional<CsvRecord> record;
      while ((record = reader.next()).isPresent()) {
        records.add(record.get());
      }
    }
    return records;
  }

  /**
   * Reads the next record.
   *
   * @return the record, or empty at the end of the text
   */
  public Optional<CsvRecord> next() {
    List<String> fields = new ArrayList<>();
    int line = nextLine;
    try {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_ARRAY) {
          depth++;
        } else if (token == JsonToken.END_ARRAY) {
          depth--;
          if (depth == 1) {
            nextLine = line + 1 + lineBreaks(fields);
            return Optional.of(new CsvRecord(line, fields));
          }
        } else if (token == JsonToken.VALUE_STRING) {
          if (fields.isEmpty()) {
            line = (int) parser.currentTokenLocation().getLineNr();
          }
          fields.add(parser.getText());
        }
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      String problem = String.valueOf(e.getOriginalMessage());
      if (problem.startsWith("Missing closing quote")) {
        throw Errors.csvUnclosedQuote(source, line);
      }
      int at = e.getLocation() == null ? line : (int) e.getLocation().getLineNr();
      if (problem.startsWith("Unexpected character") && problem.contains("separator")) {
        throw Errors.csvTextAfterClosingQuote(source, at);
      }
      throw Errors.csvMalformed(source, at);
    } catch (IOException e) {
      throw Errors.csvUnreadable(source, e);
    }
  }

  private static int lineBreaks(List<String> fields) {
    int count = 0;
    for (String field : fields) {
      for (int i = 0; i < field.length(); i++) {
        if (field.charAt(i) == '\n') {
          count++;
        }
      }
    }
    return count;
  }

  private static Reader withoutByteOrderMark(Reader reader) throws IOException {
    BufferedReader buffered = new BufferedReader(reader, 1 << 16);
    buffered.mark(1);
    if (buffered.read() != '\uFEFF') {
      buffered.reset();
    }
    return buffered;
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw Errors.fileFailed("close", source, e);
    }
  }
}
