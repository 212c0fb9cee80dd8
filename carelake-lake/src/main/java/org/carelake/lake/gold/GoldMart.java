package org.carelake.lake.gold;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import org.carelake.lake.internal.gold.Pseudonyms;

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
 * <p>An optional {@code incremental} line lets the gold step rebuild only the months whose silver
 * rows changed ({@link Incremental}):
 *
 * <pre>
 * -- incremental: collected_month from lab_results.collected_at or 1900-01-01
 * </pre>
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
 * @param incremental how the mart's months follow its silver rows, when it may be rebuilt by month
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
    Optional<Incremental> incremental,
    String sql) {

  /**
   * A mart that may be rebuilt month by month: the declaration {@code -- incremental: <month
   * column> from <driver>[, <driver> ...]}, a driver being {@code <entity>.<column>[ or
   * <yyyy-MM-dd>]} or {@code <entity>.<column> -> <entity>[ or <yyyy-MM-dd>]}.
   *
   * <p>It states that the mart's rows of a month (the key column {@code monthColumn}, the first day
   * of the month) are computed from, and only from, the rows of the driving silver entities that
   * fall in that month (in {@code source.time-zone}), plus the mart's other inputs, which are small
   * dimensions (facilities). A row of {@code entity.column} falls in the month of its column; a row
   * of {@code entity.column -> target} falls in the month of the row of {@code target} (itself a
   * driver by a column) whose column of the same name has its value, as a diagnosis falls in the
   * admission month of its encounter. A row whose month is unknown (a null column, no such target
   * row) falls in the month after {@code or}, or in no month of the mart without it. The gold step
   * trusts the declaration: declare it only where it holds, and leave a mart whose rows combine
   * several months (readmissions within 30 days, a census of stays) without it.
   *
   * @param monthColumn the mart's key column holding the month
   * @param drivers per driving silver entity, the column whose month is the row's month, or that
   *     names the row of its target
   * @param targets per driving entity whose rows take the month of another's, that other entity
   * @param unknownMonths per driving entity with an {@code or}, the month of a row whose month is
   *     unknown
   */
  public record Incremental(
      String monthColumn,
      Map<String, String> drivers,
      Map<String, String> targets,
      Map<String, LocalDate> unknownMonths) {}

  /** The reserved views of the lake a mart may read besides silver (see the class comment). */
  public static final List<String> LAKE_VIEWS =
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
    List<String> silverEntities =
        reads.stream().filter(view -> !LAKE_VIEWS.contains(view)).toList();
    Optional<Incremental> incremental =
        Optional.ofNullable(fields.get("incremental"))
            .map(text -> incremental(origin, text, key, silverEntities));
    return new GoldMart(
        name,
        silverEntities,
        reads.stream().filter(LAKE_VIEWS::contains).toList(),
        fields.get("grain"),
        fields.get("definition"),
        Optional.ofNullable(fields.get("follows")),
        key,
        Collections.unmodifiableMap(columns),
        incremental,
        sql);
  }

  private static Incremental incremental(
      String origin, String text, List<String> key, List<String> silverEntities) {
    String usage =
        "'-- incremental: <month column> from <entity>.<column>[ -> <entity>][ or <yyyy-MM-dd>]"
            + "[, ...]' names a key column and silver entities the mart reads, not '"
            + text
            + "'";
    String[] parts = text.split("\\s+from\\s+", 2);
    if (parts.length != 2 || !key.contains(parts[0].strip())) {
      throw Errors.goldMartHeader(origin, usage);
    }
    Map<String, String> drivers = new LinkedHashMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, LocalDate> unknownMonths = new LinkedHashMap<>();
    for (String driver : list(parts[1])) {
      String[] words = driver.split("\\s+or\\s+", 2);
      String[] link = words[0].split("->", 2);
      String[] names = link[0].strip().split("\\.", -1);
      if (names.length != 2
          || !silverEntities.contains(names[0])
          || !names[1].matches("[a-z_][a-z0-9_]*")
          || drivers.put(names[0], names[1]) != null) {
        throw Errors.goldMartHeader(origin, usage);
      }
      if (link.length == 2) {
        targets.put(names[0], link[1].strip());
      }
      if (words.length == 2) {
        try {
          unknownMonths.put(names[0], LocalDate.parse(words[1].strip()));
        } catch (DateTimeParseException e) {
          throw Errors.goldMartHeader(origin, usage);
        }
      }
    }
    if (drivers.isEmpty()) {
      throw Errors.goldMartHeader(origin, usage);
    }
    for (String target : targets.values()) {
      if (!drivers.containsKey(target) || targets.containsKey(target)) {
        throw Errors.goldMartHeader(
            origin,
            usage + ": the entity after '->' must itself be a driver by a column of its own");
      }
    }
    return new Incremental(
        parts[0].strip(),
        Collections.unmodifiableMap(drivers),
        Collections.unmodifiableMap(targets),
        Collections.unmodifiableMap(unknownMonths));
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
