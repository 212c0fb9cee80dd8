package org.carelake.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carelake.core.Errors;

/**
 * The PHI classification of every column of every bronze, silver, pending, quarantine, FHIR and
 * gold table: the one declaration of which columns hold patient data, read from {@value #RESOURCE}.
 *
 * <p>Each line is {@code table,column,class,identifier,form}: the table as a path under the lake
 * root, the column, {@code direct}, {@code quasi} or {@code none} ({@link PhiClass}), the Safe
 * Harbor identifier the column holds ({@link SafeHarborIdentifier}; required for a direct
 * identifier, empty when the column holds none of the 18), and the form in which it holds it
 * ({@link #FORMS}). Lines starting with {@code #} are comments. Tests in the lake module fail when
 * a table's column has no line here, or a line names a column the table does not have.
 */
public final class PhiColumns {
  /** The class path resource holding the classification. */
  public static final String RESOURCE = "privacy/phi-columns.csv";

  /**
   * The forms a column may keep a value in: {@code as-is} (the value as the source holds it),
   * {@code day} (a full date or time), {@code year}, {@code month}, {@code age-band}, {@code zip3}
   * (the first three digits of a ZIP code), {@code pseudonym} (a keyed HMAC that cannot be computed
   * without the lake's secret), {@code attribute} (a trait that is none of the 18 identifiers, such
   * as sex) and {@code none} (not PHI).
   */
  public static final Set<String> FORMS =
      Set.of("as-is", "day", "year", "month", "age-band", "zip3", "pseudonym", "attribute", "none");

  /**
   * The forms a quasi-identifier may take in gold, which holds de-identified data only (45 CFR
   * 164.514(b)(2)): a year or month instead of a date, an age band with 90 and over in one, a ZIP3,
   * a keyed pseudonym, or a trait that is none of the 18 identifiers.
   */
  public static final Set<String> DE_IDENTIFIED_FORMS =
      Set.of("year", "month", "age-band", "zip3", "pseudonym", "attribute");

  private static final PhiColumns CLASSIFICATION = read();

  private final Map<String, Map<String, PhiColumn>> tables;

  private PhiColumns(Map<String, Map<String, PhiColumn>> tables) {
    this.tables = tables;
  }

  /** The classification shipped in carelake's jar. */
  public static PhiColumns load() {
    return CLASSIFICATION;
  }

  /** The classified tables, in the order the file lists them. */
  public List<String> tables() {
    return List.copyOf(tables.keySet());
  }

  /** The classified columns of a table, in the order the file lists them; empty if none. */
  public List<PhiColumn> columns(String table) {
    return List.copyOf(tables.getOrDefault(table, Map.of()).values());
  }

  /** Every classified column, table by table. */
  public List<PhiColumn> all() {
    return tables.values().stream().flatMap(columns -> columns.values().stream()).toList();
  }

  /** The classification of one column, if it has one. */
  public Optional<PhiColumn> find(String table, String column) {
    return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(column));
  }

  private static PhiColumns read() {
    InputStream in = PhiColumns.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw Errors.resourceMissing(RESOURCE, null);
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parse(reader.lines().toList());
    } catch (IOException e) {
      throw Errors.resourceMissing(RESOURCE, e);
    }
  }

  /** Parses the lines of a classification file (exposed for tests of malformed files). */
  static PhiColumns parse(List<String> lines) {
    Map<String, Map<String, PhiColumn>> tables = new LinkedHashMap<>();
    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      PhiColumn column = column(line, index + 1);
      PhiColumn previous =
          tables
              .computeIfAbsent(column.table(), table -> new LinkedHashMap<>())
              .putIfAbsent(column.column(), column);
      if (previous != null) {
        throw Errors.phiClassificationMalformed(
            RESOURCE, index + 1, column.table() + "." + column.column() + " is classified twice");
      }
    }
    Map<String, Map<String, PhiColumn>> frozen = new LinkedHashMap<>();
    tables.forEach((table, columns) -> frozen.put(table, Collections.unmodifiableMap(columns)));
    return new PhiColumns(Collections.unmodifiableMap(frozen));
  }

  private static PhiColumn column(String line, int number) {
    String[] fields = line.split(",", -1);
    if (fields.length != 5) {
      throw Errors.phiClassificationMalformed(
          RESOURCE, number, "it has " + fields.length + " fields instead of 5");
    }
    String table = fields[0].strip();
    String name = fields[1].strip();
    if (!table.matches("[a-z]+/[a-z0-9_]+") || name.isEmpty()) {
      throw Errors.phiClassificationMalformed(
          RESOURCE, number, "the table '" + table + "' is not a lake path like silver/patients");
    }
    PhiClass phiClass =
        PhiClass.ofCode(fields[2].strip())
            .orElseThrow(
                () ->
                    Errors.phiClassificationMalformed(
                        RESOURCE, number, "the class '" + fields[2].strip() + "' is unknown"));
    String identifierCode = fields[3].strip();
    Optional<SafeHarborIdentifier> identifier =
        identifierCode.isEmpty() ? Optional.empty() : SafeHarborIdentifier.ofCode(identifierCode);
    if (!identifierCode.isEmpty() && identifier.isEmpty()) {
      throw Errors.phiClassificationMalformed(
          RESOURCE, number, "the Safe Harbor identifier '" + identifierCode + "' is unknown");
    }
    String form = fields[4].strip();
    List<String> problems = new ArrayList<>();
    if (!FORMS.contains(form)) {
      problems.add("the form '" + form + "' is unknown");
    }
    switch (phiClass) {
      case DIRECT_IDENTIFIER -> {
        if (identifier.isEmpty()) {
          problems.add("a direct identifier names its Safe Harbor identifier");
        }
        if (!form.equals("as-is")) {
          problems.add("a direct identifier keeps its value as-is");
        }
      }
      case QUASI_IDENTIFIER -> {
        if (form.equals("none") || form.equals("as-is") && identifier.isEmpty()) {
          problems.add("a quasi-identifier names the form it keeps");
        }
      }
      case NOT_PHI -> {
        if (identifier.isPresent() || !form.equals("none")) {
          problems.add("a column that is not PHI has no identifier and the form none");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw Errors.phiClassificationMalformed(
          RESOURCE, number, table + "." + name + ": " + String.join("; ", problems));
    }
    return new PhiColumn(table, name, phiClass, identifier, form);
  }
}
