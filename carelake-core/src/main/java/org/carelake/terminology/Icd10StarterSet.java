package org.carelake.terminology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carelake.core.Errors;
import org.carelake.csv.CsvReader;
import org.carelake.csv.CsvRecord;

/**
 * The starter code set: about two hundred common, billable ICD-10-CM FY2021 codes bundled with
 * carelake so that the demo can generate and enrich realistic records without downloading the
 * release.
 *
 * <p>The set is read once, on first use, from the class-path resource {@value #RESOURCE}: a CSV
 * file with the header {@code code,billable,short_description,long_description}, codes undotted and
 * upper case, {@code billable} {@code 1} or {@code 0} as in the release's order file, and the
 * descriptions exactly as that file gives them (quoted where they hold commas). It is not the full
 * code set: a code missing here may still be a valid ICD-10-CM code.
 */
public final class Icd10StarterSet {

  /** The class-path location of the starter set. */
  static final String RESOURCE = "/terminology/icd10cm-starter.csv";

  private static final List<String> HEADER =
      List.of("code", "billable", "short_description", "long_description");

  /** Loads the resource on first use; the JVM guarantees it runs once, safely across threads. */
  private static final class Loaded {
    static final Map<String, Icd10Entry> BY_CODE = parse(read(), RESOURCE);
    static final List<Icd10Entry> ENTRIES = List.copyOf(BY_CODE.values());
  }

  private Icd10StarterSet() {}

  /**
   * Finds a code in the starter set. The first call reads the bundled resource (about 20 KB).
   *
   * @param code a code in any of the forms {@link Icd10Code#normalize(String)} accepts, such as
   *     {@code "E11.9"} or {@code "e119"}; may be null
   * @return the entry, or empty when the value is missing, malformed or not in the starter set
   */
  public static Optional<Icd10Entry> lookup(String code) {
    return Icd10Code.normalize(code).map(Loaded.BY_CODE::get);
  }

  /**
   * Returns every entry of the starter set, in the order of the release's order file (by chapter,
   * then code). The first call reads the bundled resource.
   *
   * @return an unmodifiable list of the entries
   */
  public static List<Icd10Entry> entries() {
    return Loaded.ENTRIES;
  }

  /**
   * Parses starter-set CSV text.
   *
   * @param csv the whole text of the CSV file
   * @param source what the text is, for error messages
   * @return the entries by stored code, in the order of the file
   * @throws IllegalStateException when the header, a field count, a code, a billable flag or a
   *     description is wrong, when a code has no chapter, or when a code appears twice
   */
  static Map<String, Icd10Entry> parse(String csv, String source) {
    List<CsvRecord> records = CsvReader.parse(csv, source);
    if (records.isEmpty() || !records.get(0).fields().equals(HEADER)) {
      throw Errors.starterHeaderWrong(source, HEADER);
    }
    Map<String, Icd10Entry> byCode = new LinkedHashMap<>();
    for (CsvRecord record : records.subList(1, records.size())) {
      Icd10Entry entry = entryOf(record, source);
      if (byCode.putIfAbsent(entry.code(), entry) != null) {
        throw Errors.starterCodeRepeated(source, record.line(), entry.code());
      }
    }
    return byCode;
  }

  private static Icd10Entry entryOf(CsvRecord record, String source) {
    List<String> fields = record.fields();
    int line = record.line();
    if (fields.size() != HEADER.size()) {
      throw Errors.starterFieldCount(source, line, fields.size(), HEADER.size());
    }
    String code = fields.get(0);
    if (!Icd10Code.normalize(code).equals(Optional.of(code))) {
      throw Errors.starterCodeNotStored(source, line, code);
    }
    boolean billable =
        switch (fields.get(1)) {
          case "1" -> true;
          case "0" -> false;
          default -> throw Errors.starterBillableWrong(source, line, fields.get(1));
        };
    if (fields.get(2).isBlank() || fields.get(3).isBlank()) {
      throw Errors.starterDescriptionBlank(source, line, code);
    }
    Icd10Chapter chapter =
        Icd10Chapters.chapterOf(code)
            .orElseThrow(() -> Errors.starterCodeWithoutChapter(source, line, code));
    return new Icd10Entry(
        code, Icd10Code.dotted(code), billable, fields.get(2), fields.get(3), chapter);
  }

  private static String read() {
    try (InputStream in = Icd10StarterSet.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw Errors.starterResourceMissing(RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.resourceMissing(RESOURCE, e);
    }
  }
}
