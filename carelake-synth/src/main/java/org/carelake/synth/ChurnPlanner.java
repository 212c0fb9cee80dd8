package org.carelake.synth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.carelake.core.Errors;
import org.carelake.source.Manifest;
import org.carelake.source.Row;
import org.carelake.source.SourceTable;

/**
 * Plans one day of EHR use against what the source holds: new patients registering with their first
 * visit, visits of registered patients, kept, missed, cancelled and rescheduled appointments, new
 * bookings, discharges of encounters in progress, address and phone changes, corrected diagnoses,
 * lab results coming back, stopped prescriptions, cancelled orders and entries deleted as entered
 * in error.
 *
 * <p>Input: an open connection inside the caller's transaction (read in one snapshot), the batch,
 * the day and the seed. Output: the rows to insert, the updates and the deletes, and one manifest
 * entry per changed row. Side effects: none; it only reads. {@link EhrChurn} applies the plan.
 *
 * <p>Every row is changed at most once per batch and rows inserted by the batch are not touched
 * again, so the manifest names exactly the rows that differ between before and after. Candidates
 * are read in primary key order and drawn from one random stream, so the same seed on the same data
 * gives the same plan. Large tables are sampled by probing a random key with the primary key index
 * instead of being read whole; small candidate sets (encounters in progress, booked appointments,
 * pending lab results, recent prescriptions) are read once.
 */
final class ChurnPlanner {
  /** An update of some columns of one row; values in COPY text form, null for SQL NULL. */
  record Update(SourceTable table, long key, Map<String, String> values) {}

  /** A hard delete of one row. */
  record Delete(SourceTable table, long key) {}

  private record InProgress(long id, String encounterClass, LocalDateTime admit) {}

  private record Booked(long id, long patientId, LocalDateTime slot) {}

  private record Pending(long id, LocalDateTime collected) {}

  /** A wrong diagnosis and the one it is corrected to, both billable FY2021 codes. */
  static final Map<String, String> CORRECTIONS =
      Map.ofEntries(
          Map.entry("J06.9", "J02.9"),
          Map.entry("J02.9", "J06.9"),
          Map.entry("J20.9", "J18.9"),
          Map.entry("R05", "J20.9"),
          Map.entry("B34.9", "J06.9"),
          Map.entry("R10.9", "K52.9"),
          Map.entry("R50.9", "B34.9"),
          Map.entry("R06.02", "J20.9"),
          Map.entry("R07.9", "K21.9"),
          Map.entry("E11.9", "E11.65"));

  private enum Event {
    REGISTRATION(6),
    VISIT(22),
    APPOINTMENT(16),
    BOOKING(12),
    DISCHARGE(10),
    ADDRESS_CHANGE(4),
    PHONE_CHANGE(3),
    CORRECTED_DIAGNOSIS(5),
    LAB_RESULTED(5),
    PRESCRIPTION_STOPPED(6),
    CANCELLED_ORDER(5),
    ENTERED_IN_ERROR(4);

    final double weight;

    Event(double weight) {
      this.weight = weight;
    }
  }

  private static final Weighted<Event> ALL_EVENTS = new Weighted<>();
  private static final Weighted<Event> SINGLE_ROW_EVENTS = new Weighted<>();

  static {
    for (Event event : Event.values()) {
      ALL_EVENTS.add(event, event.weight);
      if (event != Event.REGISTRATION && event != Event.VISIT) {
        SINGLE_ROW_EVENTS.add(event, event.weight);
      }
    }
  }

  private final Connection connection;
  private final int batch;
  private final LocalDate day;
  private final LocalDateTime endOfDay;
  private final SplittableRandom random;
  private final Ids ids;
  private final PatientGenerator generator;
  private final Map<SourceTable, long[]> keyRange = new EnumMap<>(SourceTable.class);
  private final Set<String> touched = new HashSet<>();
  private final List<InProgress> inProgress;
  private final List<Booked> booked;
  private final List<Pending> pendingLabs;
  private final List<Long> recentPrescriptions;

  final List<Row> inserts = new ArrayList<>();
  final List<Update> updates = new ArrayList<>();
  final List<Delete> deletes = new ArrayList<>();
  final List<Manifest.Entry> entries = new ArrayList<>();

  ChurnPlanner(Connection connection, int batch, LocalDate day, long seed) throws SQLException {
    this.connection = connection;
    this.batch = batch;
    this.day = day;
    this.endOfDay = day.atTime(23, 59, 59);
    this.random = EhrGenerator.stream(seed, batch);
    Map<SourceTable, Long> largest = new EnumMap<>(SourceTable.class);
    for (SourceTable table : SourceTable.values()) {
      long[] range = range(table);
      keyRange.put(table, range);
      largest.put(table, Math.max(range[1], largestDeleted(table)));
    }
    if (keyRange.get(SourceTable.PATIENTS)[1] == 0) {
      throw Errors.nothingToChurn();
    }
    this.ids = new Ids(largest);
    World world = World.existing(facilities(), practitioners());
    if (world.clinics.isEmpty() || world.primaryCare.isEmpty()) {
      throw Errors.nothingToChurn();
    }
    this.generator = new PatientGenerator(world, ids, day);
    this.inProgress = inProgress();
    this.booked = booked();
    this.pendingLabs = pendingLabs();
    this.recentPrescriptions = recentPrescriptions();
  }

  /**
   * Plans exactly {@code changes} row changes when the source offers enough candidates; fewer only
   * when nothing at all is left to change.
   */
  void plan(int changes) throws SQLException {
    int remaining = changes;
    boolean singleRowOnly = false;
    int idle = 0;
    while (remaining > 0 && idle < 50) {
      Event event = (singleRowOnly ? SINGLE_ROW_EVENTS : ALL_EVENTS).draw(random);
      int used = apply(event, remaining);
      if (used < 0) {
        // A whole chart did not fit in what is left: finish with single-row changes.
        singleRowOnly = true;
        used = 0;
      }
      if (used == 0) {
        used = Math.max(0, apply(Event.BOOKING, remaining));
      }
      idle = used == 0 ? idle + 1 : 0;
      remaining -= used;
    }
  }

  /** Applies one event; returns the rows it changed, 0 when it had no candidate, -1 if too big. */
  private int apply(Event event, int remaining) throws SQLException {
    return switch (event) {
      case REGISTRATION -> registration(remaining);
      case VISIT -> visit(remaining);
      case APPOINTMENT -> appointment(remaining);
      case BOOKING -> booking();
      case DISCHARGE -> discharge();
      case ADDRESS_CHANGE -> addressChange();
      case PHONE_CHANGE -> phoneChange();
      case CORRECTED_DIAGNOSIS -> correctedDiagnosis();
      case LAB_RESULTED -> labResulted();
      case PRESCRIPTION_STOPPED -> prescriptionStopped();
      case CANCELLED_ORDER -> cancelledOrder();
      case ENTERED_IN_ERROR -> enteredInError();
    };
  }

  private int registration(int remaining) {
    Ids before = ids.copy();
    String encounterClass =
        pick(new String[] {"outpatient", "emergency", "virtual", "inpatient"}, 60, 28, 6, 6);
    Chart chart = generator.register(ids.next(SourceTable.PATIENTS), encounterClass, random);
    return insert(chart, "registration", remaining, before, -1);
  }

  private int visit(int remaining) throws SQLException {
    Optional<Long> patient = probe(SourceTable.PATIENTS, "deceased_date IS NULL");
    if (patient.isEmpty()) {
      return 0;
    }
    String encounterClass =
        pick(new String[] {"outpatient", "virtual", "emergency", "inpatient"}, 50, 22, 18, 10);
    Ids before = ids.copy();
    PatientGenerator.Known known = known(patient.get());
    Chart chart =
        generator.visit(known, generator.arrival(encounterClass, random), encounterClass, random);
    return insert(chart, "visit", remaining, before, -1);
  }

  /** A booked appointment comes due: kept, missed or cancelled; a later one may be moved. */
  private int appointment(int remaining) throws SQLException {
    Optional<Booked> candidate = untouched(booked, Booked::id, SourceTable.APPOINTMENTS);
    if (candidate.isEmpty()) {
      return 0;
    }
    Booked appointment = candidate.get();
    LocalDate slotDay = appointment.slot().toLocalDate();
    String status;
    if (slotDay.isBefore(day)) {
      status = "noshow";
    } else if (slotDay.equals(day)) {
      double outcome = random.nextDouble();
      if (outcome < 0.8) {
        Ids before = ids.copy();
        Chart chart =
            generator.visit(
                known(appointment.patientId()), appointment.slot(), "outpatient", random);
        // The visit keeps the booked appointment instead of a walk-in one.
        long encounterId = chart.rows(SourceTable.ENCOUNTERS).get(0).id();
        chart
            .rows(SourceTable.APPOINTMENTS)
            .removeIf(row -> String.valueOf(encounterId).equals(row.get("encounter_id")));
        if (rows(chart) + 1 > remaining) {
          ids.restore(before);
          return -1;
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("status", "fulfilled");
        values.put("encounter_id", String.valueOf(encounterId));
        update(SourceTable.APPOINTMENTS, appointment.id(), "appointment_kept", values, "booked");
        return 1 + insert(chart, "visit", remaining - 1, before, 0);
      }
      status = outcome < 0.95 ? "noshow" : "cancelled";
    } else if (random.nextDouble() < 0.6) {
      status = "cancelled";
    } else {
      LocalDateTime moved = appointment.slot().plusDays(7 + random.nextInt(22));
      while (moved.getDayOfWeek() == DayOfWeek.SATURDAY
          || moved.getDayOfWeek() == DayOfWeek.SUNDAY) {
        moved = moved.plusDays(1);
      }
      update(
          SourceTable.APPOINTMENTS,
          appointment.id(),
          "appointment_rescheduled",
          Map.of("slot_start", PatientGenerator.timestamp(moved)),
          null);
      return 1;
    }
    update(
        SourceTable.APPOINTMENTS,
        appointment.id(),
        status.equals("noshow") ? "appointment_missed" : "appointment_cancelled",
        Map.of("status", status),
        "booked");
    return 1;
  }

  private int booking() throws SQLException {
    Optional<Long> patient = probe(SourceTable.PATIENTS, "deceased_date IS NULL");
    if (patient.isEmpty()) {
      return 0;
    }
    LocalDate date = day.plusDays(1 + random.nextInt(60));
    while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
      date = date.plusDays(1);
    }
    Row row =
        Row.of(
            SourceTable.APPOINTMENTS,
            ids.next(SourceTable.APPOINTMENTS),
            patient.get(),
            generator.primaryCareId(random),
            generator.clinicId(random),
            PatientGenerator.timestamp(date.atTime(8 + random.nextInt(9), random.nextInt(3) * 20)),
            20 + 10 * random.nextInt(3),
            "booked",
            random.nextBoolean() ? "Follow-up visit" : "Annual physical",
            null);
    inserts.add(row);
    record("insert", SourceTable.APPOINTMENTS, row.id(), "booking", null, null);
    return 1;
  }

  private int discharge() {
    Optional<InProgress> candidate = untouched(inProgress, InProgress::id, SourceTable.ENCOUNTERS);
    if (candidate.isEmpty()) {
      return 0;
    }
    InProgress encounter = candidate.get();
    LocalDateTime discharge;
    String disposition;
    switch (String.valueOf(encounter.encounterClass())) {
      case "inpatient" -> {
        discharge = day.atTime(10 + random.nextInt(7), random.nextInt(60));
        disposition =
            pick(
                new String[] {
                  "home",
                  "home-health",
                  "skilled-nursing",
                  "rehabilitation",
                  "hospice",
                  "transfer",
                  "left-against-advice",
                  "expired"
                },
                65,
                14,
                10,
                4,
                2,
                2,
                1,
                2);
      }
      case "emergency" -> {
        discharge = encounter.admit().plusMinutes(90 + random.nextInt(300));
        disposition = pick(new String[] {"home", "transfer", "left-against-advice"}, 92, 3, 5);
      }
      default -> {
        discharge = encounter.admit().plusMinutes(20 + random.nextInt(30));
        disposition = null;
      }
    }
    if (!discharge.isAfter(encounter.admit())) {
      discharge = encounter.admit().plusHours(2);
    }
    if (discharge.isAfter(endOfDay)) {
      // Still under way at midnight; another day's churn discharges it.
      return 0;
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("discharge_time", PatientGenerator.timestamp(discharge));
    values.put("discharge_disposition", disposition);
    update(SourceTable.ENCOUNTERS, encounter.id(), "discharge", values, null);
    return 1;
  }

  private int addressChange() throws SQLException {
    Optional<Long> patient = probe(SourceTable.PATIENTS, "deceased_date IS NULL");
    if (patient.isEmpty()) {
      return 0;
    }
    PeopleCatalog.City city = PatientGenerator.drawCity(random);
    String address = World.address(random);
    if (random.nextDouble() < 0.15) {
      address += " Apt " + (1 + random.nextInt(30));
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("address_line", address);
    values.put("city", city.name());
    values.put("zip", city.zips().get(random.nextInt(city.zips().size())));
    update(SourceTable.PATIENTS, patient.get(), "address_change", values, null);
    return 1;
  }

  private int phoneChange() throws SQLException {
    Optional<Long> patient = probe(SourceTable.PATIENTS, "deceased_date IS NULL");
    if (patient.isEmpty()) {
      return 0;
    }
    PeopleCatalog.City city = PatientGenerator.drawCity(random);
    update(
        SourceTable.PATIENTS,
        patient.get(),
        "phone_change",
        Map.of("phone", World.phone(city, random)),
        null);
    return 1;
  }

  private int correctedDiagnosis() throws SQLException {
    Optional<Long> diagnosis =
        probe(
            SourceTable.DIAGNOSES,
            "replace(icd10_code, '.', '') IN ("
                + String.join(
                    ", ",
                    CORRECTIONS.keySet().stream()
                        .sorted()
                        .map(code -> "'" + code.replace(".", "") + "'")
                        .toList())
                + ")");
    if (diagnosis.isEmpty()) {
      return 0;
    }
    long key = diagnosis.get();
    String entered;
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT icd10_code FROM diagnoses WHERE diagnosis_id = ?")) {
      statement.setLong(1, key);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        entered = result.getString(1).trim();
      }
    }
    String dotted =
        CORRECTIONS.keySet().stream()
            .filter(code -> code.replace(".", "").equals(entered.replace(".", "")))
            .findFirst()
            .orElseThrow();
    String corrected = CORRECTIONS.get(dotted);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("icd10_code", entered.contains(".") ? corrected : corrected.replace(".", ""));
    values.put("description", ConditionCatalog.description(corrected));
    update(SourceTable.DIAGNOSES, key, "corrected_diagnosis", values, null);
    return 1;
  }

  private int labResulted() {
    Optional<Pending> candidate = untouched(pendingLabs, Pending::id, SourceTable.LAB_RESULTS);
    if (candidate.isEmpty()) {
      return 0;
    }
    Pending lab = candidate.get();
    LocalDateTime resulted = lab.collected().plusMinutes(30 + random.nextInt(240));
    if (resulted.isBefore(day.atStartOfDay())) {
      resulted = day.atTime(7 + random.nextInt(3), random.nextInt(60));
    }
    if (resulted.isAfter(endOfDay)) {
      return 0;
    }
    update(
        SourceTable.LAB_RESULTS,
        lab.id(),
        "lab_resulted",
        Map.of("resulted_at", PatientGenerator.timestamp(resulted)),
        null);
    return 1;
  }

  private int prescriptionStopped() throws SQLException {
    Optional<Long> prescription =
        probe(SourceTable.PRESCRIPTIONS, "status = 'active' AND start_date <= '" + day + "'");
    if (prescription.isEmpty()) {
      return 0;
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("status", "stopped");
    values.put("end_date", day.toString());
    update(SourceTable.PRESCRIPTIONS, prescription.get(), "prescription_stopped", values, null);
    return 1;
  }

  /** An order cancelled before it was carried out: a pending lab or a recent prescription. */
  private int cancelledOrder() {
    boolean lab = random.nextBoolean();
    for (int attempt = 0; attempt < 2; attempt++, lab = !lab) {
      if (lab) {
        Optional<Pending> pending = untouched(pendingLabs, Pending::id, SourceTable.LAB_RESULTS);
        if (pending.isPresent()) {
          delete(SourceTable.LAB_RESULTS, pending.get().id(), "cancelled_order");
          return 1;
        }
      } else {
        Optional<Long> recent =
            untouched(recentPrescriptions, key -> key, SourceTable.PRESCRIPTIONS);
        if (recent.isPresent()) {
          delete(SourceTable.PRESCRIPTIONS, recent.get(), "cancelled_order");
          return 1;
        }
      }
    }
    return 0;
  }

  /** A secondary diagnosis or an allergy recorded by mistake and deleted. */
  private int enteredInError() throws SQLException {
    boolean diagnosis = random.nextDouble() < 0.6;
    SourceTable table = diagnosis ? SourceTable.DIAGNOSES : SourceTable.ALLERGIES;
    Optional<Long> row = probe(table, diagnosis ? "diagnosis_rank = 'secondary'" : "true");
    if (row.isEmpty()) {
      return 0;
    }
    delete(table, row.get(), "entered_in_error");
    return 1;
  }

  // ---- writing the plan -------------------------------------------------------------------

  private static int rows(Chart chart) {
    int count = 0;
    for (SourceTable table : SourceTable.values()) {
      count += chart.rows(table).size();
    }
    return count;
  }

  /** Adds a generated chart's rows as inserts, unless they exceed the budget (returns -1). */
  private int insert(Chart chart, String kind, int remaining, Ids before, int tooBig) {
    int count = rows(chart);
    if (count > remaining) {
      ids.restore(before);
      return tooBig;
    }
    for (SourceTable table : SourceTable.values()) {
      for (Row row : chart.rows(table)) {
        inserts.add(row);
        record("insert", table, row.id(), kind, null, null);
      }
    }
    return count;
  }

  private void update(
      SourceTable table, long key, String kind, Map<String, String> values, String from) {
    touched.add(key(table, key));
    updates.add(new Update(table, key, values));
    String detail =
        from == null
            ? null
            : values.containsKey("status") ? from + " -> " + values.get("status") : null;
    record("update", table, key, kind, String.join(", ", values.keySet()), detail);
  }

  private void delete(SourceTable table, long key, String kind) {
    touched.add(key(table, key));
    deletes.add(new Delete(table, key));
    record("delete", table, key, kind, null, null);
  }

  private void record(
      String change, SourceTable table, long key, String kind, String column, String detail) {
    entries.add(new Manifest.Entry(batch, change, table, key, kind, column, detail));
  }

  // ---- reading the source -----------------------------------------------------------------

  /**
   * A random row of a table that meets a condition and is not yet touched: a random key between the
   * smallest and largest, then the first matching key from there (wrapping around), by the primary
   * key index. Returns the key, or empty when no row qualifies.
   */
  private Optional<Long> probe(SourceTable table, String condition) throws SQLException {
    long[] range = keyRange.get(table);
    if (range[1] == 0) {
      return Optional.empty();
    }
    String sql =
        "SELECT "
            + table.keyColumn()
            + " FROM "
            + table.tableName()
            + " WHERE "
            + table.keyColumn()
            + " >= ? AND "
            + table.keyColumn()
            + " <= ? AND ("
            + condition
            + ") ORDER BY "
            + table.keyColumn()
            + " LIMIT 1";
    for (int attempt = 0; attempt < 5; attempt++) {
      long from = range[0] + random.nextLong(range[1] - range[0] + 1);
      Optional<Long> found = first(sql, from, range[1]);
      if (found.isEmpty()) {
        found = first(sql, range[0], from);
      }
      if (found.isEmpty()) {
        return Optional.empty();
      }
      if (!touched.contains(key(table, found.get()))) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<Long> first(String sql, long from, long to) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, from);
      statement.setLong(2, to);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
      }
    }
  }

  private <T> Optional<T> untouched(
      List<T> candidates, java.util.function.ToLongFunction<T> key, SourceTable table) {
    for (int attempt = 0; attempt < 8 && !candidates.isEmpty(); attempt++) {
      T candidate = candidates.get(random.nextInt(candidates.size()));
      if (!touched.contains(key(table, key.applyAsLong(candidate)))) {
        return Optional.of(candidate);
      }
    }
    for (T candidate : candidates) {
      if (!touched.contains(key(table, key.applyAsLong(candidate)))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private PatientGenerator.Known known(long patientId) throws SQLException {
    LocalDate birth = null;
    boolean female = false;
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT birth_date, sex FROM patients WHERE patient_id = ?")) {
      statement.setLong(1, patientId);
      try (ResultSet result = statement.executeQuery()) {
        if (result.next()) {
          birth = result.getObject(1, LocalDate.class);
          String sex = result.getString(2);
          female = sex != null && sex.trim().toLowerCase(java.util.Locale.ROOT).startsWith("f");
        }
      }
    }
    if (birth != null && birth.isAfter(day)) {
      birth = null;
    }
    Map<String, LocalDate> problems = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT code, onset_date FROM problems WHERE patient_id = ? AND status = 'active'"
                + " AND code IS NOT NULL ORDER BY problem_id")) {
      statement.setLong(1, patientId);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          problems.putIfAbsent(result.getString(1), result.getObject(2, LocalDate.class));
        }
      }
    }
    return new PatientGenerator.Known(patientId, birth, female, problems);
  }

  private long[] range(SourceTable table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT coalesce(min("
                    + table.keyColumn()
                    + "), 0), coalesce(max("
                    + table.keyColumn()
                    + "), 0) FROM "
                    + table.tableName())) {
      result.next();
      return new long[] {result.getLong(1), result.getLong(2)};
    }
  }

  private long largestDeleted(SourceTable table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT coalesce(max(primary_key), 0) FROM source_deletions WHERE table_name = ?")) {
      statement.setString(1, table.tableName());
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  private List<World.Facility> facilities() throws SQLException {
    List<World.Facility> facilities = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT facility_id, facility_type, city FROM facilities ORDER BY facility_id")) {
      while (result.next()) {
        String cityName = result.getString(3);
        PeopleCatalog.City city =
            PeopleCatalog.CITIES.stream()
                .filter(candidate -> candidate.name().equals(cityName))
                .findFirst()
                .orElse(PeopleCatalog.CITIES.get(0));
        facilities.add(new World.Facility(result.getLong(1), result.getString(2), city, true));
      }
    }
    // Each facility's system keeps writing codes the way it always has.
    List<World.Facility> styled = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT d.icd10_code FROM encounters e JOIN diagnoses d"
                + " ON d.encounter_id = e.encounter_id WHERE e.facility_id = ?"
                + " AND length(d.icd10_code) > 4 LIMIT 1")) {
      for (World.Facility facility : facilities) {
        statement.setLong(1, facility.id());
        boolean dotted = true;
        try (ResultSet result = statement.executeQuery()) {
          if (result.next()) {
            dotted = result.getString(1).contains(".");
          }
        }
        styled.add(new World.Facility(facility.id(), facility.type(), facility.city(), dotted));
      }
    }
    return styled;
  }

  private List<World.Practitioner> practitioners() throws SQLException {
    List<World.Practitioner> practitioners = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT practitioner_id, specialty FROM practitioners ORDER BY practitioner_id")) {
      while (result.next()) {
        practitioners.add(new World.Practitioner(result.getLong(1), result.getString(2)));
      }
    }
    return practitioners;
  }

  private List<InProgress> inProgress() throws SQLException {
    List<InProgress> encounters = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT encounter_id, encounter_class, admit_time FROM encounters"
                + " WHERE discharge_time IS NULL AND admit_time <= ? ORDER BY encounter_id")) {
      statement.setObject(1, endOfDay);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          encounters.add(
              new InProgress(
                  result.getLong(1),
                  result.getString(2),
                  result.getObject(3, LocalDateTime.class)));
        }
      }
    }
    return encounters;
  }

  private List<Booked> booked() throws SQLException {
    List<Booked> appointments = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT appointment_id, patient_id, slot_start FROM appointments"
                    + " WHERE status = 'booked' AND patient_id IS NOT NULL"
                    + " AND slot_start IS NOT NULL ORDER BY appointment_id")) {
      while (result.next()) {
        appointments.add(
            new Booked(
                result.getLong(1), result.getLong(2), result.getObject(3, LocalDateTime.class)));
      }
    }
    return appointments;
  }

  private List<Pending> pendingLabs() throws SQLException {
    List<Pending> labs = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT lab_result_id, collected_at FROM lab_results WHERE resulted_at IS NULL"
                + " AND collected_at <= ? ORDER BY lab_result_id")) {
      statement.setObject(1, endOfDay);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          labs.add(new Pending(result.getLong(1), result.getObject(2, LocalDateTime.class)));
        }
      }
    }
    return labs;
  }

  private List<Long> recentPrescriptions() throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT prescription_id FROM prescriptions WHERE status = 'active'"
                + " AND start_date BETWEEN ? AND ? ORDER BY prescription_id")) {
      statement.setObject(1, day.minusDays(14));
      statement.setObject(2, day);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          keys.add(result.getLong(1));
        }
      }
    }
    return keys;
  }

  private String pick(String[] choices, double... weights) {
    Weighted<String> weighted = new Weighted<>();
    for (int i = 0; i < choices.length; i++) {
      weighted.add(choices[i], weights[i]);
    }
    return weighted.draw(random);
  }

  private static String key(SourceTable table, long key) {
    return table.ordinal() + ":" + key;
  }
}
