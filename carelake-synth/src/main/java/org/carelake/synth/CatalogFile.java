package org.carelake.synth;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carelake.core.Errors;
import org.carelake.csv.CsvReader;
import org.carelake.csv.CsvRecord;

/**
 * One catalog of the synthetic EHR: a CSV file among this module's resources ({@code
 * org/carelake/synth/catalog/*.csv}), read with the one CSV reader. The first line names the
 * columns, exactly as the catalog class expects them; every further line is one entry, in file
 * order (which draws depend on, so seeds keep giving the same data).
 *
 * <p>Numbers are written as Java reads them back exactly ({@link Double#parseDouble}), so a catalog
 * file holds the same values the generator used when they were Java literals. An empty number is
 * "none" (NaN) where the column allows it.
 */
final class CatalogFile {
  private static final String FOLDER = "catalog/";

  private CatalogFile() {}

  /**
   * Reads a catalog.
   *
   * @param name the file name, such as {@code lab-tests.csv}
   * @param columns the header the file must have
   * @return its entries, in file order, blank lines skipped
   * @throws IllegalStateException when the file is missing, its header differs, or a line has
   *     another number of fields
   */
  static List<Entry> read(String name, String... columns) {
    InputStream in = CatalogFile.class.getResourceAsStream(FOLDER + name);
    if (in == null) {
      throw Errors.catalogMissing(name);
    }
    List<Entry> entries = new ArrayList<>();
    try (CsvReader reader = CsvReader.open(in, name)) {
      Optional<CsvRecord> header = reader.next();
      if (header.isEmpty() || !header.get().fields().equals(List.of(columns))) {
        throw Errors.catalogHeaderWrong(name, List.of(columns));
      }
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < columns.length; i++) {
        index.put(columns[i], i);
      }
      Optional<CsvRecord> record;
      while ((record = reader.next()).isPresent()) {
        if (record.get().isBlank()) {
          continue;
        }
        if (record.get().fields().size() != columns.length) {
          throw Errors.catalogFieldCount(
              name, record.get().line(), record.get().fields().size(), columns.length);
        }
        entries.add(new Entry(name, record.get(), index));
      }
    }
    return entries;
  }

  /** One line of a catalog, with typed access to its fields by column name. */
  static final class Entry {
    private final String file;
    private final CsvRecord record;
    private final Map<String, Integer> index;

    private Entry(String file, CsvRecord record, Map<String, Integer> index) {
      this.file = file;
      this.record = record;
      this.index = index;
    }

    /** A field as written; empty when the field is. */
    String text(String column) {
      Integer position = index.get(column);
      if (position == null) {
        throw new IllegalArgumentException(file + " has no column " + column);
      }
      return record.fields().get(position);
    }

    /** A number field; it must not be empty. */
    double number(String column) {
      String text = text(column);
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw Errors.catalogNotANumber(file, record.line(), column);
      }
    }

    /** A number field, or NaN when it is empty (a reference limit the test does not have). */
    double numberOrNone(String column) {
      return text(column).isEmpty() ? Double.NaN : number(column);
    }

    /** A whole-number field. */
    int integer(String column) {
      try {
        return Integer.parseInt(text(column));
      } catch (NumberFormatException e) {
        throw Errors.catalogNotANumber(file, record.line(), column);
      }
    }
  }
}
