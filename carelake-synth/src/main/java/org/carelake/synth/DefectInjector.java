package org.carelake.synth;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.carelake.source.Manifest;
import org.carelake.source.Row;
import org.carelake.source.SourceTable;

/**
 * Injects the mistakes real EHR data has into generated charts, and records each in the manifest.
 *
 * <p>Each row is chosen with probability {@code rate}; a chosen row gets one defect of a kind that
 * fits its table, and only if the defect really changes the row. A chosen patient may instead be
 * registered a second time (kind {@code duplicate_patient}): a new patient row with another MRN and
 * a spelling variation, keyed after the last generated patient, to which the patient's last
 * encounter and everything recorded in it are moved. The manifest then names the new row and every
 * moved row.
 *
 * <p>Defect kinds: {@code missing_value}, {@code malformed_icd10}, {@code unknown_icd10}, {@code
 * non_billable_icd10}, {@code discharge_before_admit}, {@code birth_after_encounter}, {@code
 * end_before_start}, {@code future_date}, {@code lab_wrong_unit}, {@code lab_implausible_value},
 * {@code duplicate_patient}, {@code orphan_reference}, {@code bad_phone}, {@code bad_email}, {@code
 * bad_zip}, {@code stray_whitespace}, {@code mixed_case}, {@code non_ascii_name}.
 */
final class DefectInjector {
  /** Well-formed codes that are not in ICD-10-CM FY2021 (a test checks them). */
  static final List<String> UNKNOWN_CODES =
      List.of("E11.99", "I10.1", "J45.999", "M54.59", "F32.A", "Z00.09", "R07.99", "I10.9");

  /** Category headers that are not billable in FY2021 (a test checks them). */
  static final List<String> HEADER_CODES = List.of("E11", "N18.3", "R51", "J45", "I50", "M54");

  private static final Map<String, String> NAME_VARIANTS =
      Map.ofEntries(
          Map.entry("Jon", "John"),
          Map.entry("John", "Jon"),
          Map.entry("Steven", "Stephen"),
          Map.entry("Stephen", "Steven"),
          Map.entry("Katherine", "Catherine"),
          Map.entry("Catherine", "Kathryn"),
          Map.entry("Sara", "Sarah"),
          Map.entry("Sarah", "Sara"),
          Map.entry("Michael", "Micheal"),
          Map.entry("Jeffrey", "Geoffrey"),
          Map.entry("Ann", "Anne"),
          Map.entry("Brian", "Bryan"),
          Map.entry("Philip", "Phillip"),
          Map.entry("Teresa", "Theresa"),
          Map.entry("William", "Bill"),
          Map.entry("Robert", "Bob"),
          Map.entry("Elizabeth", "Beth"),
          Map.entry("Margaret", "Peggy"),
          Map.entry("Richard", "Rick"),
          Map.entry("Patricia", "Pat"),
          Map.entry("Anthony", "Tony"),
          Map.entry("Christopher", "Chris"));

  private final double rate;
  private final int batch;
  private final List<Manifest.Entry> entries = new ArrayList<>();
  private long nextDuplicateId;

  DefectInjector(double rate, long lastPatientId, int batch) {
    this.rate = rate;
    this.batch = batch;
    this.nextDuplicateId = lastPatientId + 1;
  }

  /** Every entry recorded so far, in order. */
  List<Manifest.Entry> entries() {
    return entries;
  }

  /**
   * Applies defects to one chart. Returns the chart, followed by a chart holding a duplicate
   * registration when one was made.
   */
  List<Chart> apply(Chart chart, SplittableRandom random) {
    if (rate == 0) {
      return List.of(chart);
    }
    List<Chart> charts = new ArrayList<>(2);
    charts.add(chart);
    for (SourceTable table : SourceTable.values()) {
      for (Row row : chart.rows(table)) {
        if (random.nextDouble() >= rate) {
          continue;
        }
        if (table == SourceTable.PATIENTS && random.nextDouble() < 0.15) {
          duplicate(chart, random).ifPresent(charts::add);
          continue;
        }
        List<String> kinds = kinds(table);
        int first = random.nextInt(kinds.size());
        for (int attempt = 0; attempt < kinds.size(); attempt++) {
          String kind = kinds.get((first + attempt) % kinds.size());
          Row before = row.copy();
          String column = inject(kind, row, chart, random);
          if (column != null && !row.sameValues(before)) {
            record(table, row.id(), kind, column, null);
            break;
          }
          row.restore(before);
        }
      }
    }
    return charts;
  }

  private static List<String> kinds(SourceTable table) {
    return switch (table) {
      case PATIENTS ->
          List.of(
              "missing_value",
              "bad_phone",
              "bad_email",
              "bad_zip",
              "stray_whitespace",
              "mixed_case",
              "non_ascii_name",
              "birth_after_encounter",
              "future_date");
      case ENCOUNTERS ->
          List.of(
              "missing_value",
              "discharge_before_admit",
              "future_date",
              "mixed_case",
              "orphan_reference");
      case DIAGNOSES ->
          List.of(
              "missing_value",
              "malformed_icd10",
              "unknown_icd10",
              "non_billable_icd10",
              "mixed_case",
              "stray_whitespace",
              "future_date");
      case LAB_RESULTS ->
          List.of("lab_wrong_unit", "lab_implausible_value", "missing_value", "future_date");
      case PRESCRIPTIONS -> List.of("missing_value", "end_before_start", "mixed_case");
      case APPOINTMENTS -> List.of("missing_value", "mixed_case", "stray_whitespace");
      case PROBLEMS -> List.of("missing_value", "mixed_case", "stray_whitespace");
      case ALLERGIES -> List.of("missing_value", "stray_whitespace", "mixed_case");
      default -> List.of();
    };
  }

  /** Applies one defect; returns the column changed, or null when the kind does not fit. */
  private String inject(String kind, Row row, Chart chart, SplittableRandom random) {
    SourceTable table = row.table();
    switch (kind) {
      case "missing_value" -> {
        String column =
            pick(
                random,
                switch (table) {
                  case PATIENTS -> List.of("birth_date", "sex", "family_name", "given_name");
                  case ENCOUNTERS -> List.of("admit_time", "patient_id", "encounter_class");
                  case DIAGNOSES -> List.of("icd10_code", "icd10_code", "diagnosis_rank");
                  case LAB_RESULTS -> List.of("value_numeric", "unit", "loinc_code");
                  case PRESCRIPTIONS -> List.of("rxnorm_code", "start_date", "dose_quantity");
                  case APPOINTMENTS -> List.of("slot_start", "status");
                  case PROBLEMS -> List.of("code", "status");
                  default -> List.of("substance");
                });
        row.set(column, null);
        return column;
      }
      case "bad_phone" -> {
        String phone = row.get("phone");
        if (phone == null) {
          return null;
        }
        String digits = phone.replace("-", "");
        row.set(
            "phone",
            pick(
                random,
                List.of(
                    digits.substring(0, 9),
                    "(" + digits.substring(0, 3) + ") " + digits.substring(3) + "0",
                    "000-000-0000",
                    "n/a",
                    digits + " ext")));
        return "phone";
      }
      case "bad_email" -> {
        String email = row.get("email");
        if (email == null) {
          return null;
        }
        int at = email.indexOf('@');
        row.set(
            "email",
            pick(
                random,
                List.of(
                    email.substring(0, at) + "@" + email.substring(at + 1, email.lastIndexOf('.')),
                    email.replace('@', '.'),
                    email.replace(".", " "),
                    email.substring(0, at) + "@@" + email.substring(at + 1))));
        return "email";
      }
      case "bad_zip" -> {
        String zip = row.get("zip");
        row.set(
            "zip",
            pick(
                random,
                List.of(
                    // Spreadsheets drop the leading zero of New England ZIP codes.
                    zip.startsWith("0") ? zip.substring(1) : zip + "0",
                    zip + "-",
                    zip.substring(0, 3),
                    "MA " + zip)));
        return "zip";
      }
      case "stray_whitespace" -> {
        String column =
            switch (table) {
              case PATIENTS -> random.nextBoolean() ? "given_name" : "family_name";
              case DIAGNOSES -> "icd10_code";
              case APPOINTMENTS -> "status";
              case PROBLEMS -> "code";
              default -> "substance";
            };
        String value = row.get(column);
        if (value == null) {
          return null;
        }
        row.set(
            column, pick(random, List.of(" " + value, value + " ", value + "  ", "\t" + value)));
        return column;
      }
      case "mixed_case" -> {
        String column =
            switch (table) {
              case PATIENTS -> pick(random, List.of("given_name", "family_name", "sex"));
              case ENCOUNTERS -> "encounter_class";
              case DIAGNOSES -> random.nextBoolean() ? "icd10_code" : "diagnosis_rank";
              case PRESCRIPTIONS -> "route";
              case APPOINTMENTS -> "status";
              case PROBLEMS -> "code_system";
              default -> "category";
            };
        String value = row.get(column);
        if (value == null) {
          return null;
        }
        row.set(
            column,
            switch (random.nextInt(3)) {
              case 0 -> value.toUpperCase(Locale.ROOT);
              case 1 -> value.toLowerCase(Locale.ROOT);
              default ->
                  value.isEmpty()
                      ? value
                      : Character.toUpperCase(value.charAt(0)) + value.substring(1);
            });
        return column;
      }
      case "non_ascii_name" -> {
        String column = random.nextBoolean() ? "given_name" : "family_name";
        String name = row.get(column);
        String accented = accent(name);
        // Half of them are UTF-8 read as Latin-1 somewhere upstream ("JosÃ©").
        row.set(
            column,
            random.nextBoolean()
                ? accented
                : new String(
                    accented.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        return column;
      }
      case "birth_after_encounter" -> {
        List<Row> encounters = chart.rows(SourceTable.ENCOUNTERS);
        if (encounters.isEmpty() || encounters.get(0).get("admit_time") == null) {
          return null;
        }
        LocalDate firstVisit =
            LocalDate.parse(encounters.get(0).get("admit_time").substring(0, 10));
        row.set("birth_date", firstVisit.plusDays(1 + random.nextInt(400)));
        return "birth_date";
      }
      case "future_date" -> {
        String column =
            switch (table) {
              case PATIENTS -> "birth_date";
              case ENCOUNTERS -> "admit_time";
              case DIAGNOSES -> "onset_date";
              default -> "collected_at";
            };
        String value = row.get(column);
        if (value == null || !value.startsWith("20")) {
          return null;
        }
        // The second and third digits of the year swapped: 2021 becomes 2201.
        String year = "2" + value.charAt(2) + value.charAt(1) + value.charAt(3);
        if (year.compareTo("2030") < 0) {
          year = "21" + value.substring(2, 4);
        }
        row.set(column, withYear(value, year));
        if (table == SourceTable.ENCOUNTERS && row.get("discharge_time") != null) {
          row.set("discharge_time", withYear(row.get("discharge_time"), year));
        }
        return column;
      }
      case "discharge_before_admit" -> {
        String admit = row.get("admit_time");
        if (admit == null || row.get("discharge_time") == null) {
          return null;
        }
        LocalDateTime time = LocalDateTime.parse(admit.replace(' ', 'T'));
        row.set(
            "discharge_time",
            PatientGenerator.timestamp(time.minusMinutes(30 + random.nextInt(3 * 24 * 60))));
        return "discharge_time";
      }
      case "end_before_start" -> {
        String start = row.get("start_date");
        if (start == null) {
          return null;
        }
        row.set("end_date", LocalDate.parse(start).minusDays(1 + random.nextInt(60)));
        return "end_date";
      }
      case "orphan_reference" -> {
        row.set("patient_id", 900_000_000L + random.nextInt(1_000_000));
        return "patient_id";
      }
      case "malformed_icd10" -> {
        String code = row.get("icd10_code");
        if (code == null || code.length() < 3) {
          return null;
        }
        String dotted =
            code.contains(".") || code.length() == 3
                ? code
                : code.substring(0, 3) + "." + code.substring(3);
        row.set(
            "icd10_code",
            pick(
                random,
                List.of(
                    dotted.replace('.', ','),
                    dotted + ".",
                    dotted.substring(1),
                    dotted.replace('1', 'l'),
                    dotted.replace('0', 'O'),
                    dotted + "-")));
        return "icd10_code";
      }
      case "unknown_icd10" -> {
        row.set("icd10_code", pick(random, UNKNOWN_CODES));
        return "icd10_code";
      }
      case "non_billable_icd10" -> {
        row.set("icd10_code", pick(random, HEADER_CODES));
        return "icd10_code";
      }
      case "lab_wrong_unit" -> {
        String value = row.get("value_numeric");
        var test = LabCatalog.byLoinc(String.valueOf(row.get("loinc_code")));
        if (value == null || test.isEmpty() || test.get().otherFactor() == 1) {
          return null;
        }
        // The value arrives in another unit but keeps the expected unit's label.
        double converted = Double.parseDouble(value) * test.get().otherFactor();
        String wrong =
            java.math.BigDecimal.valueOf(converted)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
        return changesNumber(row, value, wrong) ? "value_numeric" : null;
      }
      case "lab_implausible_value" -> {
        String value = row.get("value_numeric");
        var test = LabCatalog.byLoinc(String.valueOf(row.get("loinc_code")));
        if (value == null || test.isEmpty()) {
          return null;
        }
        String implausible =
            random.nextBoolean()
                ? "-" + value
                : test.get()
                    .format(LabCatalog.plausibleMaximum(test.get()) * (2 + random.nextInt(8)));
        return changesNumber(row, value, implausible) ? "value_numeric" : null;
      }
      default -> {
        return null;
      }
    }
  }

  private java.util.Optional<Chart> duplicate(Chart chart, SplittableRandom random) {
    Row original = chart.patient();
    long id = nextDuplicateId++;
    Row copy = original.copy();
    copy.set("patient_id", id);
    copy.set("mrn", PatientGenerator.mrn(id));
    String given = original.get("given_name");
    String family = original.get("family_name");
    if (NAME_VARIANTS.containsKey(given) && random.nextBoolean()) {
      copy.set("given_name", NAME_VARIANTS.get(given));
    } else if (random.nextBoolean()) {
      copy.set("family_name", typo(family, random));
    } else {
      copy.set("given_name", typo(given, random));
    }
    if (random.nextBoolean()) {
      copy.set("phone", null);
    }
    if (random.nextBoolean()) {
      copy.set("email", null);
    }
    if (random.nextDouble() < 0.4) {
      copy.set("ssn", null);
    }
    Chart duplicate = new Chart(chart.female);
    duplicate.add(copy);
    record(
        SourceTable.PATIENTS,
        id,
        "duplicate_patient",
        null,
        "duplicate of patient " + original.id());
    // The visit that made the second registration belongs to it, with everything recorded then.
    List<Row> encounters = chart.rows(SourceTable.ENCOUNTERS);
    if (encounters.size() >= 2) {
      Row moved = encounters.get(encounters.size() - 1);
      String encounterId = moved.get("encounter_id");
      moved.set("patient_id", id);
      record(
          SourceTable.ENCOUNTERS,
          moved.id(),
          "duplicate_patient",
          "patient_id",
          "moved to duplicate patient " + id);
      for (SourceTable child :
          List.of(
              SourceTable.DIAGNOSES,
              SourceTable.PRESCRIPTIONS,
              SourceTable.LAB_RESULTS,
              SourceTable.APPOINTMENTS)) {
        for (Row row : chart.rows(child)) {
          if (encounterId.equals(row.get("encounter_id"))) {
            row.set("patient_id", id);
            record(
                child,
                row.id(),
                "duplicate_patient",
                "patient_id",
                "moved to duplicate patient " + id);
          }
        }
      }
    }
    return java.util.Optional.of(duplicate);
  }

  /**
   * Sets a lab value when it is another number, not just another spelling of the same one: a zero
   * converted to another unit, or negated, is still zero ("0.00" and "-0" are 0), and no check can
   * tell it from the clean value, so it is no defect.
   */
  private static boolean changesNumber(Row row, String before, String after) {
    if (new java.math.BigDecimal(before).compareTo(new java.math.BigDecimal(after)) == 0) {
      return false;
    }
    row.set("value_numeric", after);
    return true;
  }

  private void record(SourceTable table, long key, String kind, String column, String detail) {
    entries.add(new Manifest.Entry(batch, "defect", table, key, kind, column, detail));
  }

  /** A date or time with another year; 29 February becomes the 28th where the year has none. */
  private static String withYear(String value, String year) {
    String changed = year + value.substring(4);
    if (changed.startsWith("-02-29", 4) && !java.time.Year.isLeap(Long.parseLong(year))) {
      changed = changed.substring(0, 8) + "28" + changed.substring(10);
    }
    return changed;
  }

  private static String typo(String name, SplittableRandom random) {
    if (name == null || name.length() < 3) {
      return name + "e";
    }
    int at = 1 + random.nextInt(name.length() - 2);
    return switch (random.nextInt(3)) {
      case 0 -> name.substring(0, at) + name.substring(at + 1);
      case 1 -> name.substring(0, at) + name.charAt(at) + name.substring(at);
      default ->
          name.substring(0, at) + name.charAt(at + 1) + name.charAt(at) + name.substring(at + 2);
    };
  }

  private static String accent(String name) {
    String plain = "aeiouncAEIOU";
    String marked = "áéíóúñçÁÉÍÓÚ";
    for (int i = name.length() - 1; i >= 0; i--) {
      int index = plain.indexOf(name.charAt(i));
      if (index >= 0) {
        return name.substring(0, i) + marked.charAt(index) + name.substring(i + 1);
      }
    }
    return name + "ë";
  }

  private static <T> T pick(SplittableRandom random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }
}
