package org.carelake.lake.gold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.carelake.core.Errors;
import org.carelake.core.Resources;

/**
 * A gold table: de-identified, defined by one SQL statement over silver views, and described by the
 * statement's header comment.
 *
 * <p>The statement lives in {@code sql/gold/<name>.sql} on the class path. It reads silver tables
 * through temporary views named {@code silver_<entity>}, and must select no direct identifier
 * (names, MRNs, contact details, exact dates tied to a person): gold is what analysts and the
 * dashboard see.
 *
 * <p>The file opens with a header of {@code --} lines, {@code field: text}, a line indented after
 * {@code --} continuing the field before it:
 *
 * <pre>
 * -- grain: one row per admission month, encounter class and ICD-10-CM chapter
 * -- definition: encounters and distinct patients ...
 * --   (continued)
 * -- follows: CMS Hospital-Wide All-Cause Unplanned Readmission measure (optional)
 * -- reads: encounters, diagnoses
 * -- key: admit_month, encounter_class, icd10_chapter
 * -- column admit_month: first day of the month of admission
 * -- column encounters: encounters admitted in the month
 * </pre>
 *
 * <p>{@code grain}, {@code definition}, {@code reads}, {@code key} and one {@code column} line per
 * selected column, in the order selected, are required; the gold step checks the statement's
 * columns against them, and publishing names the columns, keys and comments from them. Key columns
 * are never null: publishing makes them the table's primary key.
 *
 * <p>{@code reads} names silver entities and, for marts about the pipeline itself, the lake's
 * reserved views ({@link #LAKE_VIEWS}): {@code quarantine} (the quarantined rows without their
 * records), {@code quality_runs} and {@code quality_rule_failures} (the data-quality reports). A
 * mart reading a reserved view is built after the run's quality step.
 *
 * @param name the gold table's name, also its published name
 * @param silverEntities the silver tables the statement reads ({@code reads})
 * @param lakeViews the reserved views the statement reads ({@code reads}), in {@link #LAKE_VIEWS}
 * @param grain what one row is
 * @param definition how the values are defined
 * @param follows the published definition the mart follows, when it follows one
 * @param key the columns that identify a row
 * @param columns each column's name and its comment, in the order the statement selects them
 * @param sql the statement
 */
public record GoldMart(
    String name,
    List<String> silverEntities,
    List<String> lakeViews,
    String grain,
    String definition,
    Optional<String> follows,
    List<String> key,
    Map<String, String> columns,
    String sql) {

  /** The reserved views of the lake a mart may read besides silver (see the class comment). */
  static final List<String> LAKE_VIEWS =
      List.of("quarantine", "quality_runs", "quality_rule_failures");

  /** The marts, in build order; each has its statement in {@code sql/gold/<name>.sql}. */
  public static final List<String> NAMES =
      List.of(
          "encounters_by_month_chapter",
          "daily_census",
          "length_of_stay",
          "readmissions_30d",
          "diagnoses_by_chapter_block",
          "medications_by_concept",
          "abnormal_labs",
          "appointments_no_show",
          "patient_population",
          "data_quality_by_run",
          "patient_features");

  /** Every gold mart, in build order. */
  public static final List<GoldMart> ALL = NAMES.stream().map(GoldMart::of).toList();

  /** Encounters per admission month, encounter class and ICD-10-CM chapter of the primary dx. */
  static final GoldMart ENCOUNTERS_BY_MONTH_CHAPTER = named("encounters_by_month_chapter");

  /** Machine-learning features per patient and as-of date, keyed by a keyed pseudonym. */
  static final GoldMart PATIENT_FEATURES = named("patient_features");

  /**
   * The mart of a registered name.
   *
   * @throws IllegalArgumentException when no mart has the name
   */
  public static GoldMart named(String name) {
    return ALL.stream()
        .filter(mart -> mart.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No gold mart is named " + name));
  }

  /**
   * Reads a mart from its statement on the class path.
   *
   * @param name the mart's name; the statement is {@code sql/gold/<name>.sql}
   * @throws org.carelake.core.CarelakeException when the file is missing or its header incomplete
   */
  public static GoldMart of(String name) {
    String resource = "sql/gold/" + name + ".sql";
    return parse(name, resource, Resources.text(resource));
  }

  /**
   * Reads a mart from the text of its statement.
   *
   * @param name the mart's name
   * @param origin where the text comes from, for error messages
   * @param sql the statement with its header
   */
  static GoldMart parse(String name, String origin, String sql) {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> columns = new LinkedHashMap<>();
    String last = null;
    for (String line : sql.lines().toList()) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("--")) {
        break;
      }
      String body = trimmed.substring(2);
      if (body.isBlank()) {
        last = null;
        continue;
      }
      if (body.startsWith("  ")) {
        if (last == null) {
          throw Errors.goldMartHeader(origin, "a continued line follows no field");
        }
        String text = body.strip();
        if (last.startsWith("column ")) {
          String column = last.substring("column ".length());
          columns.put(column, columns.get(column) + " " + text);
        } else {
          fields.put(last, fields.get(last) + " " + text);
        }
        continue;
      }
      int colon = body.indexOf(':');
      if (colon < 0) {
        throw Errors.goldMartHeader(origin, "a header line is not 'field: text': " + body.strip());
      }
      String field = body.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String text = body.substring(colon + 1).strip();
      if (field.startsWith("column ")) {
        String column = field.substring("column ".length()).strip();
        if (columns.put(column, text) != null) {
          throw Errors.goldMartHeader(origin, "column " + column + " is described twice");
        }
        last = "column " + column;
      } else {
        if (fields.put(field, text) != null) {
          throw Errors.goldMartHeader(origin, "field " + field + " is given twice");
        }
        last = field;
      }
    }
    for (String required : List.of("grain", "definition", "reads", "key")) {
      if (!fields.containsKey(required) || fields.get(required).isBlank()) {
        throw Errors.goldMartHeader(origin, "the header has no '-- " + required + ": ...' line");
      }
    }
    if (columns.isEmpty()) {
      throw Errors.goldMartHeader(origin, "the header describes no column ('-- column x: ...')");
    }
    List<String> reads = list(fields.get("reads"));
    List<String> key = list(fields.get("key"));
    List<String> missing = new ArrayList<>(key);
    missing.removeAll(columns.keySet());
    if (!missing.isEmpty()) {
      throw Errors.goldMartHeader(origin, "key column(s) " + missing + " are not described");
    }
    return new GoldMart(
        name,
        reads.stream().filter(view -> !LAKE_VIEWS.contains(view)).toList(),
        reads.stream().filter(LAKE_VIEWS::contains).toList(),
        fields.get("grain"),
        fields.get("definition"),
        Optional.ofNullable(fields.get("follows")),
        key,
        Collections.unmodifiableMap(columns),
        sql);
  }

  private static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Whether the statement calls {@code patient_pseudonym}, so needs the lake's secret. */
  public boolean pseudonymous() {
    return sql.contains(Pseudonyms.FUNCTION + "(");
  }

  /** One sentence for analysts: the grain and the definition. */
  public String description() {
    return definition;
  }
}
