package org.carelake.terminology;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text (RFC 4180) into records: fields separated by commas, records by LF or CRLF, and
 * fields that hold commas, quotes or line breaks enclosed in double quotes, with a quote inside
 * written twice. A final line break is optional.
 */
final class CsvRecords {

  /**
   * One record and the line it starts on.
   *
   * @param line the 1-based line number where the record starts
   * @param fields the record's fields, unquoted
   */
  record CsvRecord(int line, List<String> fields) {}

  private CsvRecords() {}

  /**
   * Parses CSV text.
   *
   * @param text the whole text
   * @param source what the text is, for error messages (such as a resource path)
   * @return the records in order, each with at least one field
   * @throws IllegalStateException when a quoted field is not closed, or a quote stands inside an
   *     unquoted field or right after a closing quote
   */
  static List<CsvRecord> parse(String text, String source) {
    List<CsvRecord> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int recordLine = 1;
    int quotedFrom = 0;
    boolean quoted = false;
    boolean afterClosingQuote = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
          afterClosingQuote = true;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterClosingQuote = false;
      } else if (c == '\n' || (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')) {
        if (c == '\r') {
          i++;
        }
        fields.add(field.toString());
        records.add(new CsvRecord(recordLine, List.copyOf(fields)));
        fields.clear();
        field.setLength(0);
        afterClosingQuote = false;
        line++;
        recordLine = line;
      } else if (c == '"') {
        if (afterClosingQuote || field.length() > 0) {
          throw TerminologyErrors.csvStrayQuote(source, line);
        }
        quoted = true;
        quotedFrom = line;
      } else {
        if (afterClosingQuote) {
          throw TerminologyErrors.csvStrayQuote(source, line);
        }
        field.append(c);
      }
      i++;
    }
    if (quoted) {
      throw TerminologyErrors.csvUnclosedQuote(source, quotedFrom);
    }
    if (!fields.isEmpty() || field.length() > 0 || afterClosingQuote) {
      fields.add(field.toString());
      records.add(new CsvRecord(recordLine, List.copyOf(fields)));
    }
    return records;
  }
}
