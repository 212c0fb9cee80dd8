package org.carelake.app.source;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.source.CopyText;
import org.carelake.source.GenerationSummary;
import org.carelake.source.Manifest;
import org.carelake.source.Row;
import org.carelake.source.SourceLoad;
import org.carelake.source.SourceSchema;
import org.carelake.source.SourceStats;
import org.carelake.source.SourceTable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a Synthea CSV export into the reference schema, replacing what the source held.
 *
 * <p>Input: the export folder ({@code patients.csv} and {@code encounters.csv} required; {@code
 * organizations.csv}, {@code providers.csv}, {@code conditions.csv}, {@code medications.csv},
 * {@code observations.csv}, {@code allergies.csv}, {@code immunizations.csv} and {@code
 * procedures.csv} read when present; Synthea writes no appointments, so {@code appointments} stays
 * empty) and an optional SNOMED CT to ICD-10-CM map. The files the reference schema has no table
 * for (care plans, devices, imaging studies, supplies, claims, payers) are counted and reported as
 * skipped, never read silently past. Output: a {@link SyntheaSummary}. Side effects: stages COPY
 * text files in a temporary folder (deleted afterwards) and replaces every EHR table, carelake's
 * bookkeeping and the {@code carelake_external_ids} table in one transaction (TRUNCATE, then COPY),
 * as {@code generate} does.
 *
 * <p>Keys: Synthea's ids are UUIDs, the schema's keys bigint. Every table's rows are numbered 1, 2,
 * ... in file order, so the same export always loads with the same keys, and the UUIDs of
 * organizations (also the facilities), providers, patients and encounters are kept in {@code
 * carelake_external_ids (table_name, primary_key, 'synthea', uuid)}. A patient's UUID is also the
 * MRN, as Synthea's own FHIR export uses it for the medical record number.
 *
 * <p>Codes are carried as Synthea gives them: conditions are SNOMED CT, so {@code
 * diagnoses.snomed_code} and {@code description} hold them and {@code icd10_code} stays empty,
 * unless the map names an ICD-10-CM code for the concept. A condition is an encounter diagnosis
 * only: Synthea has no separate problem list, so {@code problems} stays empty rather than holding a
 * copy of every diagnosis. Observations categorized {@code laboratory} go to {@code lab_results},
 * collected and resulted at the observation's time (Synthea records one time); every other
 * LOINC-coded observation (vital signs, surveys, social history, exams) goes to {@code
 * observations} with its category; the simulation's quality-of-life scores (QALY, DALY, QOLS, coded
 * in no terminology) are skipped and counted. An allergy's system is Synthea's {@code SYSTEM}
 * column when it names one; Synthea 3.x writes {@code Unknown} there for codes it holds by short
 * name, so the allergy's category decides then, as the data dictionary states: RxNorm for a
 * medication allergy, SNOMED CT otherwise. No map ships with carelake (the official SNOMED CT to
 * ICD-10-CM map is licensed with SNOMED CT); nothing is guessed. Times: Synthea writes UTC
 * instants; they are stored as UTC wall-clock times.
 */
public final class SyntheaImport {
  /** The system name in {@code carelake_external_ids}. */
  public static final String SYSTEM = "synthea";

  private static final Pattern LOINC = Pattern.compile("[0-9]{1,7}-[0-9]");

  private SyntheaImport() {}

  /**
   * Replaces the source's data with a Synthea export.
   *
   * @param source the source database; the reference schema is applied first
   * @param folder the folder holding the export's CSV files
   * @param snomedToIcd10 an optional map from SNOMED CT concepts to ICD-10-CM codes
   * @param progress receives a short line per file (no patient data)
   * @return the counts, the fingerprint and what could not be carried over
   */
  public static SyntheaSummary load(
      JdbcEndpoint source,
      Path folder,
      Optional<SnomedIcd10Map> snomedToIcd10,
      Consumer<String> progress) {
    long started = System.nanoTime();
    if (!Files.isRegularFile(folder.resolve("patients.csv"))) {
      throw Errors.syntheaFileMissing(folder, "patients.csv");
    }
    if (!Files.isRegularFile(folder.resolve("encounters.csv"))) {
      throw Errors.syntheaFileMissing(folder, "encounters.csv");
    }
    SourceSchema.migrate(source);
    Path scratch = SourceLoad.scratchFolder();
    try {
      Converter converter = new Converter(folder, scratch, snomedToIcd10, progress);
      converter.convert();
      try (Connection connection = source.connect()) {
        connection.setAutoCommit(false);
        SourceLoad.truncate(connection);
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        SourceLoad.bulkLoad(connection, copy, converter::file);
        SourceLoad.copyIn(
            copy,
            "COPY carelake_external_ids (table_name, primary_key, system, external_id) FROM STDIN",
            converter.externalIds());
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO carelake_batches (batch_id, operation, parameters, as_of)"
                    + " VALUES (?, 'import-synthea', ?, ?)")) {
          insert.setInt(1, Manifest.GENERATE_BATCH);
          insert.setString(
              2,
              "snomed-icd10-map="
                  + snomedToIcd10
                      .map(map -> String.valueOf(map.size()) + " concepts")
                      .orElse("none"));
          insert.setObject(3, converter.asOf);
          insert.executeUpdate();
        }
        GenerationSummary summary = SourceStats.read(connection, started);
        connection.commit();
        SourceLoad.analyze(connection);
        return new SyntheaSummary(
            summary,
            converter.conditions,
            converter.mappedToIcd10,
            converter.observationsSkipped,
            converter.unresolved,
            converter.missing,
            converter.skipped);
      } catch (SQLException e) {
        throw Errors.sourceDatabaseFailed("loading the Synthea export", e);
      }
    } finally {
      SourceLoad.deleteQuietly(scratch);
    }
  }

  /** Reads the export file by file and writes COPY text, keeping the UUID-to-key maps. */
  private static final class Converter {
    private final Path folder;
    private final Path scratch;
    private final Optional<SnomedIcd10Map> snomedToIcd10;
    private final Consumer<String> progress;
    private final Map<SourceTable, Writer> writers = new EnumMap<>(SourceTable.class);
    private final Map<SourceTable, Long> keys = new EnumMap<>(SourceTable.class);
    private final Map<String, Long> organizations = new HashMap<>();
    private final Map<String, Long> providers = new HashMap<>();
    private final Map<String, Long> patients = new HashMap<>();
    private final Map<String, EncounterRef> encounters = new HashMap<>();
    private final Set<Long> encountersWithPrimary = new HashSet<>();
    private Writer externalIds;
    LocalDate asOf;
    long conditions;
    long mappedToIcd10;
    long observationsSkipped;
    long unresolved;
    final List<String> missing = new ArrayList<>();
    final Map<String, Long> skipped = new java.util.LinkedHashMap<>();

    private record EncounterRef(long key, Long provider, String reasonCode) {}

    Converter(
        Path folder,
        Path scratch,
        Optional<SnomedIcd10Map> snomedToIcd10,
        Consumer<String> progress) {
      this.folder = folder;
      this.scratch = scratch;
      this.snomedToIcd10 = snomedToIcd10;
      this.progress = progress;
    }

    Path file(SourceTable table) {
      return scratch.resolve(table.tableName() + ".copy");
    }

    Path externalIds() {
      return scratch.resolve("carelake_external_ids.copy");
    }

    void convert() {
      try {
        for (SourceTable table : SourceTable.values()) {
          writers.put(table, open(file(table)));
          keys.put(table, 0L);
        }
        externalIds = open(externalIds());
        read("organizations.csv", this::organization, "Id");
        read("providers.csv", this::provider, "Id");
        read("patients.csv", this::patient, "Id", "BIRTHDATE");
        read("encounters.csv", this::encounter, "Id", "START", "PATIENT");
        read("conditions.csv", this::condition, "START", "PATIENT", "CODE");
        read("medications.csv", this::medication, "START", "PATIENT", "CODE");
        read("observations.csv", this::observation, "DATE", "PATIENT", "CODE", "VALUE");
        read("allergies.csv", this::allergy, "START", "PATIENT", "CODE");
        read("immunizations.csv", this::immunization, "DATE", "PATIENT", "CODE");
        read("procedures.csv", this::procedure, "START", "PATIENT", "CODE");
        for (String name : UNSUPPORTED_FILES) {
          skip(name);
        }
      } catch (IOException e) {
        throw Errors.scratchFileFailed(scratch, e);
      } finally {
        List<Writer> all = new ArrayList<>(writers.values());
        if (externalIds != null) {
          all.add(externalIds);
        }
        for (Writer writer : all) {
          try {
            writer.close();
          } catch (IOException e) {
            throw Errors.scratchFileFailed(scratch, e);
          }
        }
      }
    }

    /** Counts the records of a file the schema has no table for, and reports it as skipped. */
    private void skip(String name) {
      Path path = folder.resolve(name);
      if (!Files.isRegularFile(path)) {
        return;
      }
      long records = 0;
      try (SyntheaCsv csv = SyntheaCsv.open(path)) {
        while (csv.next()) {
          records++;
        }
      }
      skipped.put(name, records);
      progress.accept(
          String.format(
              Locale.ROOT,
              "%s: %,d records skipped (the reference schema has no table for them)",
              name,
              records));
    }

    private interface RecordReader {
      void read(SyntheaCsv csv) throws IOException;
    }

    private void read(String name, RecordReader reader, String... required) throws IOException {
      Path path = folder.resolve(name);
      if (!Files.isRegularFile(path)) {
        missing.add(name);
        progress.accept(name + ": not in the export, skipped");
        return;
      }
      long records = 0;
      try (SyntheaCsv csv = SyntheaCsv.open(path, required)) {
        while (csv.next()) {
          reader.read(csv);
          records++;
        }
      }
      progress.accept(String.format(Locale.ROOT, "%s: %,d records", name, records));
    }

    private void organization(SyntheaCsv csv) throws IOException {
      String uuid = csv.get("Id");
      long key = nextKey(SourceTable.ORGANIZATIONS);
      nextKey(SourceTable.FACILITIES);
      organizations.put(uuid, key);
      write(
          Row.of(
              SourceTable.ORGANIZATIONS,
              key,
              csv.get("NAME"),
              null,
              csv.get("ADDRESS"),
              csv.get("CITY"),
              csv.get("STATE"),
              csv.get("ZIP"),
              csv.get("PHONE")));
      // A Synthea organization is the place care is given: it is also the facility.
      write(
          Row.of(
              SourceTable.FACILITIES,
              key,
              key,
              csv.get("NAME"),
              null,
              csv.get("ADDRESS"),
              csv.get("CITY"),
              csv.get("STATE"),
              csv.get("ZIP"),
              csv.get("PHONE")));
      external(SourceTable.ORGANIZATIONS, key, uuid);
      external(SourceTable.FACILITIES, key, uuid);
    }

    private void provider(SyntheaCsv csv) throws IOException {
      String uuid = csv.get("Id");
      long key = nextKey(SourceTable.PRACTITIONERS);
      providers.put(uuid, key);
      String name = csv.get("NAME");
      if (name != null && name.startsWith("Dr. ")) {
        name = name.substring(4).trim();
      }
      String given = null;
      String family = name;
      if (name != null && name.lastIndexOf(' ') > 0) {
        given = name.substring(0, name.lastIndexOf(' ')).trim();
        family = name.substring(name.lastIndexOf(' ') + 1);
      }
      write(
          Row.of(
              SourceTable.PRACTITIONERS,
              key,
              null,
              given,
              family,
              csv.get("SPECIALITY"),
              reference(organizations, csv.get("ORGANIZATION"))));
      external(SourceTable.PRACTITIONERS, key, uuid);
    }

    private void patient(SyntheaCsv csv) throws IOException {
      String uuid = csv.get("Id");
      long key = nextKey(SourceTable.PATIENTS);
      patients.put(uuid, key);
      String gender = csv.get("GENDER");
      String sex =
          gender == null
              ? null
              : switch (gender.toUpperCase(Locale.ROOT)) {
                case "F" -> "female";
                case "M" -> "male";
                default -> gender.toLowerCase(Locale.ROOT);
              };
      write(
          Row.of(
              SourceTable.PATIENTS,
              key,
              uuid,
              csv.get("FIRST"),
              csv.get("LAST"),
              date(csv, "BIRTHDATE"),
              sex,
              csv.get("ADDRESS"),
              csv.get("CITY"),
              csv.get("STATE"),
              csv.get("ZIP"),
              null,
              null,
              csv.get("SSN"),
              date(csv, "DEATHDATE")));
      external(SourceTable.PATIENTS, key, uuid);
    }

    private void encounter(SyntheaCsv csv) throws IOException {
      String uuid = csv.get("Id");
      long key = nextKey(SourceTable.ENCOUNTERS);
      Long provider = reference(providers, csv.get("PROVIDER"));
      encounters.put(uuid, new EncounterRef(key, provider, csv.get("REASONCODE")));
      LocalDateTime start = time(csv, "START");
      if (start != null && (asOf == null || start.toLocalDate().isAfter(asOf))) {
        asOf = start.toLocalDate();
      }
      write(
          Row.of(
              SourceTable.ENCOUNTERS,
              key,
              reference(patients, csv.get("PATIENT")),
              encounterClass(csv.get("ENCOUNTERCLASS")),
              timestamp(start),
              timestamp(time(csv, "STOP")),
              null,
              provider,
              reference(organizations, csv.get("ORGANIZATION")),
              null));
      external(SourceTable.ENCOUNTERS, key, uuid);
    }

    private void condition(SyntheaCsv csv) throws IOException {
      conditions++;
      Long patient = reference(patients, csv.get("PATIENT"));
      EncounterRef encounter = encounter(csv.get("ENCOUNTER"));
      String system = csv.get("SYSTEM");
      String code = csv.get("CODE");
      LocalDate start = date(csv, "START");
      boolean icd10 = system != null && system.toUpperCase(Locale.ROOT).contains("ICD-10");
      String snomed = icd10 ? null : code;
      String icd10Code = icd10 ? code : snomedToIcd10.flatMap(map -> map.icd10(code)).orElse(null);
      if (!icd10 && icd10Code != null) {
        mappedToIcd10++;
      }
      String rank = "secondary";
      if (encounter != null
          && code != null
          && code.equals(encounter.reasonCode())
          && encountersWithPrimary.add(encounter.key())) {
        rank = "primary";
      }
      write(
          Row.of(
              SourceTable.DIAGNOSES,
              nextKey(SourceTable.DIAGNOSES),
              encounter == null ? null : encounter.key(),
              patient,
              icd10Code,
              rank,
              start,
              snomed,
              csv.get("DESCRIPTION")));
    }

    private void medication(SyntheaCsv csv) throws IOException {
      EncounterRef encounter = encounter(csv.get("ENCOUNTER"));
      LocalDateTime start = time(csv, "START");
      LocalDateTime stop = time(csv, "STOP");
      write(
          Row.of(
              SourceTable.PRESCRIPTIONS,
              nextKey(SourceTable.PRESCRIPTIONS),
              reference(patients, csv.get("PATIENT")),
              encounter == null ? null : encounter.key(),
              csv.get("CODE"),
              csv.get("DESCRIPTION"),
              null,
              null,
              null,
              null,
              start == null ? null : start.toLocalDate(),
              stop == null ? null : stop.toLocalDate(),
              encounter == null ? null : encounter.provider(),
              stop == null ? "active" : "completed"));
    }

    private void observation(SyntheaCsv csv) throws IOException {
      String category = csv.get("CATEGORY");
      String code = csv.get("CODE");
      if (code == null || !LOINC.matcher(code).matches()) {
        // Synthea's quality-of-life scores (QALY, DALY, QOLS) are figures of the simulation,
        // coded in no terminology and tied to no encounter.
        observationsSkipped++;
        return;
      }
      String value = csv.get("VALUE");
      String numeric = null;
      String text = null;
      if (value != null) {
        try {
          numeric = new BigDecimal(value).toPlainString();
        } catch (NumberFormatException e) {
          text = value;
        }
      }
      EncounterRef encounter = encounter(csv.get("ENCOUNTER"));
      String time = timestamp(time(csv, "DATE"));
      // An export without the CATEGORY column (before Synthea 2.5) does not say which results are
      // laboratory ones; they are taken as laboratory results, as they were then described.
      boolean laboratory = !csv.has("CATEGORY") || "laboratory".equalsIgnoreCase(category);
      if (laboratory) {
        // Synthea records one time per result: it is both when the specimen was taken and when
        // the result was released, so the result is final, not preliminary.
        write(
            Row.of(
                SourceTable.LAB_RESULTS,
                nextKey(SourceTable.LAB_RESULTS),
                reference(patients, csv.get("PATIENT")),
                encounter == null ? null : encounter.key(),
                code,
                csv.get("DESCRIPTION"),
                numeric,
                text,
                csv.get("UNITS"),
                null,
                null,
                null,
                null,
                time,
                time));
        return;
      }
      write(
          Row.of(
              SourceTable.OBSERVATIONS,
              nextKey(SourceTable.OBSERVATIONS),
              reference(patients, csv.get("PATIENT")),
              encounter == null ? null : encounter.key(),
              category == null ? null : category.toLowerCase(Locale.ROOT),
              "LOINC",
              code,
              csv.get("DESCRIPTION"),
              numeric,
              text,
              csv.get("UNITS"),
              time));
    }

    private void immunization(SyntheaCsv csv) throws IOException {
      EncounterRef encounter = encounter(csv.get("ENCOUNTER"));
      write(
          Row.of(
              SourceTable.IMMUNIZATIONS,
              nextKey(SourceTable.IMMUNIZATIONS),
              reference(patients, csv.get("PATIENT")),
              encounter == null ? null : encounter.key(),
              csv.get("CODE"),
              csv.get("DESCRIPTION"),
              timestamp(time(csv, "DATE"))));
    }

    private void procedure(SyntheaCsv csv) throws IOException {
      EncounterRef encounter = encounter(csv.get("ENCOUNTER"));
      String system = csv.get("SYSTEM");
      write(
          Row.of(
              SourceTable.PROCEDURES,
              nextKey(SourceTable.PROCEDURES),
              reference(patients, csv.get("PATIENT")),
              encounter == null ? null : encounter.key(),
              system == null ? "SNOMED-CT" : system,
              csv.get("CODE"),
              csv.get("DESCRIPTION"),
              timestamp(time(csv, "START")),
              timestamp(time(csv, "STOP")),
              csv.get("REASONCODE")));
    }

    private void allergy(SyntheaCsv csv) throws IOException {
      String system = csv.get("SYSTEM");
      String category = csv.get("CATEGORY");
      String severity = csv.get("SEVERITY1");
      String codeSystem = allergyCodeSystem(system, category);
      write(
          Row.of(
              SourceTable.ALLERGIES,
              nextKey(SourceTable.ALLERGIES),
              reference(patients, csv.get("PATIENT")),
              codeSystem,
              csv.get("CODE"),
              csv.get("DESCRIPTION"),
              category == null
                  ? null
                  : category.equalsIgnoreCase("drug")
                      ? "medication"
                      : category.toLowerCase(Locale.ROOT),
              csv.get("DESCRIPTION1"),
              severity == null ? null : severity.toLowerCase(Locale.ROOT),
              csv.get("STOP") == null ? "active" : "inactive",
              date(csv, "START")));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private long nextKey(SourceTable table) {
      long key = keys.get(table) + 1;
      keys.put(table, key);
      return key;
    }

    private void write(Row row) throws IOException {
      CopyText.write(row, writers.get(row.table()));
    }

    private void external(SourceTable table, long key, String uuid) throws IOException {
      if (uuid == null) {
        return;
      }
      CopyText.writeValues(externalIds, table.tableName(), String.valueOf(key), SYSTEM, uuid);
    }

    private Long reference(Map<String, Long> keysByUuid, String uuid) {
      if (uuid == null) {
        return null;
      }
      Long key = keysByUuid.get(uuid);
      if (key == null) {
        unresolved++;
      }
      return key;
    }

    private EncounterRef encounter(String uuid) {
      if (uuid == null) {
        return null;
      }
      EncounterRef encounter = encounters.get(uuid);
      if (encounter == null) {
        unresolved++;
      }
      return encounter;
    }

    private static Writer open(Path file) throws IOException {
      return new BufferedWriter(
          new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }
  }

  /** The files of a Synthea export the reference schema has no table for. */
  static final List<String> UNSUPPORTED_FILES =
      List.of(
          "careplans.csv",
          "devices.csv",
          "imaging_studies.csv",
          "supplies.csv",
          "claims.csv",
          "claims_transactions.csv",
          "payers.csv",
          "payer_transitions.csv");

  /**
   * The code system of an allergy: Synthea's {@code SYSTEM} column when it names RxNorm or SNOMED
   * CT; else, as Synthea 3.x writes {@code Unknown} for codes it holds by short name, RxNorm for a
   * medication (drug) allergy and SNOMED CT for any other, as its data dictionary defines them.
   */
  static String allergyCodeSystem(String system, String category) {
    String name = system == null ? "" : system.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    if (name.contains("RXNORM")) {
      return "RxNorm";
    }
    if (name.contains("SNOMED") || name.endsWith("SCT")) {
      return "SNOMED-CT";
    }
    String kind = category == null ? "" : category.toLowerCase(Locale.ROOT);
    return kind.equals("medication") || kind.equals("drug") ? "RxNorm" : "SNOMED-CT";
  }

  /**
   * Synthea's classes to the schema's: ambulatory, wellness, outpatient, urgent care and home
   * visits are outpatient; skilled nursing and hospice stays inpatient; others are kept in lower
   * case, for the pipeline's validation to judge.
   */
  static String encounterClass(String synthea) {
    if (synthea == null) {
      return null;
    }
    String value = synthea.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "ambulatory", "wellness", "outpatient", "urgentcare", "home" -> "outpatient";
      case "emergency" -> "emergency";
      case "inpatient", "snf", "hospice" -> "inpatient";
      case "virtual", "telehealth" -> "virtual";
      default -> value;
    };
  }

  private static LocalDate date(SyntheaCsv csv, String column) {
    String value = csv.get(column);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
    } catch (DateTimeParseException e) {
      throw csv.bad(column, "not a date in the form YYYY-MM-DD");
    }
  }

  private static LocalDateTime time(SyntheaCsv csv, String column) {
    String value = csv.get(column);
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay();
      }
      return LocalDateTime.ofInstant(Instant.parse(value), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw csv.bad(column, "not an ISO-8601 UTC time such as 2020-01-31T08:15:00Z");
    }
  }

  private static String timestamp(LocalDateTime time) {
    return time == null ? null : CopyText.timestamp(time);
  }
}
