package org.carelake.lake.silver;

import static org.carelake.lake.silver.ValidationRule.error;
import static org.carelake.lake.silver.ValidationRule.warning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carelake.lake.internal.silver.DiagnosesEntity;
import org.carelake.lake.internal.silver.SilverStage;
import org.carelake.source.SourceTable;
import org.carelake.standardize.CodeSystems;

/**
 * The silver entities of the EHR source: their typed columns, validation rules, references and
 * lookups. The columns of each are the components of its record in {@code org.carelake.model}, in
 * snake_case and in order (a test keeps the two in step).
 *
 * <p>Typing never fails: a value that does not parse becomes null ({@code try_cast}), and a rule
 * comparing it with {@code _raw} reports it. Typing also standardizes: text is trimmed with inner
 * white space collapsed, names are cased, phones are E.164, units UCUM, code systems canonical
 * URIs, and times without a zone are read in the source's time zone ({@code source.time-zone}) and
 * stored in UTC. Rules are listed here, not buried in the transform, so a reviewer can read what
 * silver accepts. Rule ids: 0xx are errors, 1xx warnings, 2xx references.
 */
public final class EhrEntities {
  private EhrEntities() {}

  /** Healthcare organizations. */
  public static final SilverEntity ORGANIZATIONS =
      new SilverEntity(
          SourceTable.ORGANIZATIONS.tableName(),
          "ehr." + SourceTable.ORGANIZATIONS.tableName(),
          SourceTable.ORGANIZATIONS.keyColumn(),
          columns(
              "organization_id", id("organization_id"),
              "name", text("name"),
              "organization_type", lower("organization_type"),
              "address_line", text("address_line"),
              "city", "person_name(city)",
              "state", "upper(clean_text(state))",
              "zip", zip("zip"),
              "phone", "e164_phone(phone)"),
          List.of(
              error(
                  "ORG-001",
                  "organization_id is missing or not a whole number",
                  "organization_id IS NULL"),
              error("ORG-002", "name is missing", "name IS NULL"),
              warning("ORG-101", "phone is not a dialable number", unparsed("phone")),
              warning(
                  "ORG-102",
                  "zip is not a 5-digit or ZIP+4 code, or is the placeholder 00000",
                  unparsed("zip"))));

  /** Facilities: the sites where care happens. */
  public static final SilverEntity FACILITIES =
      new SilverEntity(
              SourceTable.FACILITIES.tableName(),
              "ehr." + SourceTable.FACILITIES.tableName(),
              SourceTable.FACILITIES.keyColumn(),
              columns(
                  "facility_id", id("facility_id"),
                  "organization_id", id("organization_id"),
                  "name", text("name"),
                  "facility_type", lower("facility_type"),
                  "address_line", text("address_line"),
                  "city", "person_name(city)",
                  "state", "upper(clean_text(state))",
                  "zip", zip("zip"),
                  "phone", "e164_phone(phone)"),
              List.of(
                  error(
                      "FAC-001",
                      "facility_id is missing or not a whole number",
                      "facility_id IS NULL"),
                  error("FAC-002", "name is missing", "name IS NULL"),
                  error(
                      "FAC-003",
                      "organization_id is not a whole number",
                      unparsed("organization_id")),
                  warning("FAC-101", "phone is not a dialable number", unparsed("phone")),
                  warning(
                      "FAC-102",
                      "zip is not a 5-digit or ZIP+4 code, or is the placeholder 00000",
                      unparsed("zip"))))
          .withReferences(
              new Reference(
                  "FAC-201",
                  "organization_id",
                  "organizations",
                  "organization_id names no organization the lake received within the grace"
                      + " period"));

  /** Practitioners. */
  public static final SilverEntity PRACTITIONERS =
      new SilverEntity(
              SourceTable.PRACTITIONERS.tableName(),
              "ehr." + SourceTable.PRACTITIONERS.tableName(),
              SourceTable.PRACTITIONERS.keyColumn(),
              columns(
                  "practitioner_id",
                  id("practitioner_id"),
                  "npi",
                  "regexp_replace(clean_text(npi), '[- ]', '')",
                  "given_name",
                  "person_name(given_name)",
                  "family_name",
                  "person_name(family_name)",
                  "specialty",
                  text("specialty"),
                  "organization_id",
                  id("organization_id")),
              List.of(
                  error(
                      "PRA-001",
                      "practitioner_id is missing or not a whole number",
                      "practitioner_id IS NULL"),
                  error(
                      "PRA-002",
                      "npi is not a National Provider Identifier (10 digits with a Luhn check digit)",
                      "npi IS NOT NULL AND NOT is_npi(npi)"),
                  error("PRA-003", "family_name is missing", "family_name IS NULL"),
                  warning("PRA-101", "npi is missing", "npi IS NULL")))
          .withReferences(
              new Reference(
                  "PRA-201",
                  "organization_id",
                  "organizations",
                  "organization_id names no organization the lake received within the grace"
                      + " period"));

  /**
   * Patients: demographics, identified (silver is identified data; gold is not).
   *
   * <p>A patient is identified by its key and MRN (PAT-001, PAT-002, errors). A birth date or a
   * name that is absent is a warning (PAT-109, PAT-107, PAT-108), not an error: the ORU and SIU
   * messages of HL7 feeds name their patient with a sparse PID (often the MRN and a name alone),
   * and their results and appointments must point at a patient silver holds; silver merges such a
   * patient field by field with the registration when it arrives, and FHIR's Patient requires
   * neither a birth date nor a name (0..1 and 0..*). Analyses that need an age read a null birth
   * date as unknown. A value that is there but wrong stays an error: a birth date that is not a
   * date (PAT-003) or lies in the future (PAT-004) would be counted as true. Rule ids are stable:
   * PAT-006 and PAT-007, the former errors for a missing name, are retired rather than reused.
   */
  public static final SilverEntity PATIENTS =
      new SilverEntity(
              SourceTable.PATIENTS.tableName(),
              "ehr." + SourceTable.PATIENTS.tableName(),
              SourceTable.PATIENTS.keyColumn(),
              columns(
                  "patient_id",
                  id("patient_id"),
                  "mrn",
                  text("mrn"),
                  "given_name",
                  "person_name(given_name)",
                  "family_name",
                  "person_name(family_name)",
                  "birth_date",
                  date("birth_date"),
                  "administrative_gender",
                  "CASE lower(clean_text(sex)) WHEN 'm' THEN 'male' WHEN 'male' THEN 'male'"
                      + " WHEN 'f' THEN 'female' WHEN 'female' THEN 'female'"
                      + " WHEN 'o' THEN 'other' WHEN 'other' THEN 'other'"
                      + " WHEN 'u' THEN 'unknown' WHEN 'unknown' THEN 'unknown' END",
                  "address_line",
                  text("address_line"),
                  "city",
                  "person_name(city)",
                  "state",
                  "upper(clean_text(state))",
                  "zip",
                  zip("zip"),
                  "phone",
                  "e164_phone(phone)",
                  "email",
                  "CASE WHEN lower(clean_text(email)) RLIKE"
                      + " '^[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}$'"
                      + " THEN lower(clean_text(email)) END",
                  "ssn",
                  "CASE WHEN regexp_replace(clean_text(ssn), '[- ]', '') RLIKE '^[0-9]{9}$'"
                      + " AND regexp_replace(clean_text(ssn), '[- ]', '') <> '000000000'"
                      + " THEN regexp_replace(clean_text(ssn), '[- ]', '') END",
                  "deceased_date",
                  date("deceased_date"),
                  // Set by person matching after the merge (PersonMatcher), never by the source.
                  "person_id",
                  "CAST(NULL AS BIGINT)",
                  // Given by HL7 feeds (PID-5 second given names, every PID-3 identifier); the
                  // EHR's tables hold neither.
                  "other_given_names",
                  "CAST(NULL AS STRING)",
                  "identifiers",
                  "CAST(NULL AS STRING)"),
              List.of(
                  error(
                      "PAT-001",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("PAT-002", "mrn (medical record number) is missing", "mrn IS NULL"),
                  error("PAT-003", "birth_date is not a date", unparsed("birth_date")),
                  error("PAT-004", "birth_date is in the future", "birth_date > current_date()"),
                  error("PAT-005", "deceased_date is not a date", unparsed("deceased_date")),
                  error(
                      "PAT-008",
                      "birth_date is after the admission of one of the patient's encounters",
                      "_first_admit.admit_time IS NOT NULL AND "
                          + startOfDay("birth_date")
                          + " > _first_admit.admit_time"),
                  error(
                      "PAT-009",
                      "deceased_date is before birth_date",
                      "deceased_date < birth_date"),
                  error(
                      "PAT-010",
                      "deceased_date is in the future",
                      "deceased_date > current_date()"),
                  warning(
                      "PAT-101",
                      "sex is not a recognised administrative gender (male, female, other, unknown)",
                      "administrative_gender IS NULL"),
                  warning("PAT-102", "phone is not a dialable number", unparsed("phone")),
                  warning("PAT-103", "email is not a well-formed address", unparsed("email")),
                  warning(
                      "PAT-104",
                      "zip is not a 5-digit or ZIP+4 code, or is the placeholder 00000",
                      unparsed("zip")),
                  warning("PAT-105", "ssn is not 9 digits", unparsed("ssn")),
                  warning(
                      "PAT-106",
                      "a name was UTF-8 read as Latin-1 upstream and has been repaired",
                      "is_misencoded(_raw.given_name) OR is_misencoded(_raw.family_name)"),
                  warning("PAT-107", "given_name is missing", "given_name IS NULL"),
                  warning("PAT-108", "family_name is missing", "family_name IS NULL"),
                  warning("PAT-109", "birth_date is missing", "_raw.birth_date IS NULL")))
          .withLookups(
              new Lookup(
                  "first_admit", "patient_id", "admit_time TIMESTAMP", List.of("encounters")));

  /** Encounters and admissions. */
  public static final SilverEntity ENCOUNTERS =
      new SilverEntity(
              SourceTable.ENCOUNTERS.tableName(),
              "ehr." + SourceTable.ENCOUNTERS.tableName(),
              SourceTable.ENCOUNTERS.keyColumn(),
              columns(
                  "encounter_id", id("encounter_id"),
                  "patient_id", id("patient_id"),
                  "encounter_class", lower("encounter_class"),
                  "admit_time", localTime("admit_time"),
                  "discharge_time", localTime("discharge_time"),
                  "discharge_disposition", lower("discharge_disposition"),
                  "attending_practitioner_id", id("attending_practitioner_id"),
                  "facility_id", id("facility_id"),
                  "admission_type", lower("admission_type")),
              List.of(
                  error(
                      "ENC-001",
                      "encounter_id is missing or not a whole number",
                      "encounter_id IS NULL"),
                  error(
                      "ENC-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error(
                      "ENC-003", "admit_time is missing or not a timestamp", "admit_time IS NULL"),
                  error("ENC-004", "discharge_time is not a timestamp", unparsed("discharge_time")),
                  error(
                      "ENC-005",
                      "discharge_time is before admit_time",
                      "discharge_time < admit_time"),
                  error(
                      "ENC-006",
                      "admit_time is in the future",
                      "admit_time > current_timestamp() + INTERVAL 1 DAY"),
                  error("ENC-007", "encounter_class is missing", "encounter_class IS NULL"),
                  error(
                      "ENC-008",
                      "admit_time is before the patient's birth date",
                      "_patient.birth_date IS NOT NULL AND admit_time < "
                          + startOfDay("_patient.birth_date")),
                  error(
                      "ENC-009",
                      "attending_practitioner_id or facility_id is not a whole number",
                      unparsed("attending_practitioner_id") + " OR " + unparsed("facility_id")),
                  warning(
                      "ENC-101",
                      "encounter_class is not inpatient, outpatient, emergency or virtual",
                      "encounter_class NOT IN ('inpatient', 'outpatient', 'emergency', 'virtual')"),
                  warning(
                      "ENC-102",
                      "admission_type is not emergency, urgent or elective",
                      "admission_type NOT IN ('emergency', 'urgent', 'elective')")))
          .withReferences(
              new Reference(
                  "ENC-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"),
              new Reference(
                  "ENC-202",
                  "attending_practitioner_id",
                  "practitioners",
                  "attending_practitioner_id names no practitioner the lake received within the"
                      + " grace period"),
              new Reference(
                  "ENC-203",
                  "facility_id",
                  "facilities",
                  "facility_id names no facility the lake received within the grace period"))
          .withLookups(new Lookup("patient", "patient_id", "birth_date DATE", List.of("patients")));

  /**
   * Diagnoses, owned by {@link DiagnosesEntity}: their ICD-10-CM enrichment and rules live there,
   * beside the terminology they depend on.
   */
  public static final SilverEntity DIAGNOSES = DiagnosesEntity.ENTITY;

  /** The problem list: a patient's long-term conditions. */
  public static final SilverEntity PROBLEMS =
      new SilverEntity(
              SourceTable.PROBLEMS.tableName(),
              "ehr." + SourceTable.PROBLEMS.tableName(),
              SourceTable.PROBLEMS.keyColumn(),
              columns(
                  "problem_id", id("problem_id"),
                  "patient_id", id("patient_id"),
                  "code_system", "code_system_uri(code_system)",
                  "code",
                      "CASE WHEN code_system_uri(code_system) = 'http://hl7.org/fhir/sid/icd-10-cm'"
                          + " AND upper(regexp_replace(clean_text(code), '[ .]', ''))"
                          + " RLIKE '^[A-Z][0-9][0-9A-Z][0-9A-Z]{1,4}$'"
                          + " THEN concat(substr(upper(regexp_replace(clean_text(code), '[ .]', '')),"
                          + " 1, 3), '.', substr(upper(regexp_replace(clean_text(code), '[ .]', '')),"
                          + " 4)) ELSE clean_text(code) END",
                  "description", text("description"),
                  "status", lower("status"),
                  "onset_date", date("onset_date"),
                  "resolved_date", date("resolved_date")),
              List.of(
                  error(
                      "PRB-001",
                      "problem_id is missing or not a whole number",
                      "problem_id IS NULL"),
                  error(
                      "PRB-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("PRB-003", "code is missing", "code IS NULL"),
                  error("PRB-004", "status is missing", "status IS NULL"),
                  error("PRB-005", "onset_date is in the future", "onset_date > current_date()"),
                  error(
                      "PRB-006",
                      "resolved_date is before onset_date",
                      "resolved_date < onset_date"),
                  error(
                      "PRB-007",
                      "onset_date or resolved_date is not a date",
                      unparsed("onset_date") + " OR " + unparsed("resolved_date")),
                  warning(
                      "PRB-101",
                      "code_system is not ICD-10-CM or SNOMED CT",
                      "code_system IS NULL OR code_system NOT IN"
                          + " ('http://hl7.org/fhir/sid/icd-10-cm', 'http://snomed.info/sct')"),
                  warning(
                      "PRB-102",
                      "status is not active, inactive or resolved",
                      "status NOT IN ('active', 'inactive', 'resolved')")))
          .withReferences(
              new Reference(
                  "PRB-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"));

  /** Allergies and intolerances. */
  public static final SilverEntity ALLERGIES =
      new SilverEntity(
              SourceTable.ALLERGIES.tableName(),
              "ehr." + SourceTable.ALLERGIES.tableName(),
              SourceTable.ALLERGIES.keyColumn(),
              columns(
                  "allergy_id", id("allergy_id"),
                  "patient_id", id("patient_id"),
                  "code_system", "code_system_uri(code_system)",
                  "code", text("code"),
                  "substance", text("substance"),
                  "category", lower("category"),
                  "reaction", text("reaction"),
                  "severity", lower("severity"),
                  "status", lower("status"),
                  "onset_date", date("onset_date")),
              List.of(
                  error(
                      "ALG-001",
                      "allergy_id is missing or not a whole number",
                      "allergy_id IS NULL"),
                  error(
                      "ALG-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("ALG-003", "substance is missing", "substance IS NULL"),
                  error("ALG-004", "onset_date is in the future", "onset_date > current_date()"),
                  error("ALG-005", "onset_date is not a date", unparsed("onset_date")),
                  warning(
                      "ALG-101",
                      "category is not medication, food, environment or biologic",
                      "category IS NULL OR category NOT IN"
                          + " ('medication', 'food', 'environment', 'biologic')"),
                  warning(
                      "ALG-102",
                      "severity is not mild, moderate or severe",
                      "severity NOT IN ('mild', 'moderate', 'severe')"),
                  warning(
                      "ALG-103",
                      "an RxNorm code is not an RxNorm concept id (digits)",
                      "code_system = 'http://www.nlm.nih.gov/research/umls/rxnorm'"
                          + " AND NOT is_rxcui(code)")))
          .withReferences(
              new Reference(
                  "ALG-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"));

  /** Medication orders. */
  public static final SilverEntity PRESCRIPTIONS =
      new SilverEntity(
              SourceTable.PRESCRIPTIONS.tableName(),
              "ehr." + SourceTable.PRESCRIPTIONS.tableName(),
              SourceTable.PRESCRIPTIONS.keyColumn(),
              columns(
                  "prescription_id", id("prescription_id"),
                  "patient_id", id("patient_id"),
                  "encounter_id", id("encounter_id"),
                  "rxnorm_code", text("rxnorm_code"),
                  "drug_name", text("drug_name"),
                  "dose_quantity", decimal("dose_quantity"),
                  "dose_unit", "ucum_unit(dose_unit)",
                  "route", lower("route"),
                  "frequency", text("frequency"),
                  "start_date", date("start_date"),
                  "end_date", date("end_date"),
                  "prescriber_id", id("prescriber_id"),
                  "status", lower("status")),
              List.of(
                  error(
                      "RX-001",
                      "prescription_id is missing or not a whole number",
                      "prescription_id IS NULL"),
                  error(
                      "RX-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("RX-003", "rxnorm_code is missing", "rxnorm_code IS NULL"),
                  error(
                      "RX-004",
                      "rxnorm_code is not an RxNorm concept id (one to eight digits)",
                      "rxnorm_code IS NOT NULL AND NOT is_rxcui(rxnorm_code)"),
                  error("RX-005", "start_date is missing or not a date", "start_date IS NULL"),
                  error("RX-006", "end_date is before start_date", "end_date < start_date"),
                  error(
                      "RX-007",
                      "dose_quantity is not a number or not positive",
                      unparsed("dose_quantity") + " OR dose_quantity <= 0"),
                  error("RX-008", "start_date is in the future", "start_date > current_date()"),
                  error("RX-009", "end_date is not a date", unparsed("end_date")),
                  warning(
                      "RX-101",
                      "status is not active, completed, stopped, on-hold or cancelled",
                      "status IS NULL OR status NOT IN"
                          + " ('active', 'completed', 'stopped', 'on-hold', 'cancelled')"),
                  // A missing dose leaves the order usable: the drug, patient and dates are known,
                  // and FHIR's MedicationRequest.dosageInstruction is optional. Synthea writes no
                  // dose on any medication.
                  warning("RX-102", "dose_quantity is missing", "dose_quantity IS NULL")))
          .withReferences(
              new Reference(
                  "RX-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"),
              new Reference(
                  "RX-202",
                  "encounter_id",
                  "encounters",
                  "encounter_id names no encounter the lake received within the grace period"),
              new Reference(
                  "RX-203",
                  "prescriber_id",
                  "practitioners",
                  "prescriber_id names no practitioner the lake received within the grace period"));

  /** Laboratory results. */
  public static final SilverEntity LAB_RESULTS =
      new SilverEntity(
              SourceTable.LAB_RESULTS.tableName(),
              "ehr." + SourceTable.LAB_RESULTS.tableName(),
              SourceTable.LAB_RESULTS.keyColumn(),
              columns(
                  "lab_result_id", id("lab_result_id"),
                  "patient_id", id("patient_id"),
                  "encounter_id", id("encounter_id"),
                  "loinc_code", text("loinc_code"),
                  "test_name", text("test_name"),
                  "value_numeric", decimal("value_numeric"),
                  "value_text", text("value_text"),
                  "unit", "ucum_unit(unit)",
                  "reference_low", decimal("reference_low"),
                  "reference_high", decimal("reference_high"),
                  "reference_range", text("reference_range"),
                  "abnormal_flag", "upper(clean_text(abnormal_flag))",
                  "collected_at", localTime("collected_at"),
                  "resulted_at", localTime("resulted_at")),
              List.of(
                  error(
                      "LAB-001",
                      "lab_result_id is missing or not a whole number",
                      "lab_result_id IS NULL"),
                  error(
                      "LAB-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("LAB-003", "loinc_code is missing", "loinc_code IS NULL"),
                  error(
                      "LAB-004",
                      "loinc_code is not a LOINC code (digits, hyphen, mod-10 check digit)",
                      "loinc_code IS NOT NULL AND NOT is_loinc(loinc_code)"),
                  error(
                      "LAB-005",
                      "the result has no value (neither value_numeric nor value_text)",
                      "value_numeric IS NULL AND value_text IS NULL"),
                  error(
                      "LAB-006",
                      "a numeric result has no unit",
                      "value_numeric IS NOT NULL AND unit IS NULL"),
                  error(
                      "LAB-007",
                      "value_numeric is outside the plausible range of its LOINC code in its unit"
                          + " (a typing error, or a value reported in another unit)",
                      "value_numeric IS NOT NULL AND unit = lab_range_unit(loinc_code)"
                          + " AND (value_numeric < lab_plausible_low(loinc_code)"
                          + " OR value_numeric > lab_plausible_high(loinc_code))"),
                  error(
                      "LAB-008",
                      "abnormal_flag contradicts value_numeric and the reference range (the value"
                          + " or its unit is wrong)",
                      "value_numeric IS NOT NULL AND ("
                          + "(abnormal_flag = 'N' AND (value_numeric < reference_low"
                          + " OR value_numeric > reference_high))"
                          + " OR (abnormal_flag IN ('L', 'LL') AND value_numeric >= reference_low)"
                          + " OR (abnormal_flag IN ('H', 'HH') AND value_numeric <= reference_high))"),
                  error(
                      "LAB-009",
                      "collected_at is in the future",
                      "collected_at > current_timestamp() + INTERVAL 1 DAY"),
                  error(
                      "LAB-010",
                      "collected_at is missing or not a timestamp",
                      "collected_at IS NULL"),
                  error(
                      "LAB-011",
                      "value_numeric, reference_low or reference_high is not a number",
                      unparsed("value_numeric")
                          + " OR "
                          + unparsed("reference_low")
                          + " OR "
                          + unparsed("reference_high")),
                  warning(
                      "LAB-101",
                      "carelake has no plausible range for this LOINC code, or the unit is not"
                          + " the one its range is in: the value's plausibility was not checked",
                      "value_numeric IS NOT NULL AND (lab_range_unit(loinc_code) IS NULL"
                          + " OR unit <> lab_range_unit(loinc_code))"),
                  warning(
                      "LAB-102",
                      "resulted_at is before collected_at",
                      "resulted_at < collected_at")))
          .withReferences(
              new Reference(
                  "LAB-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"),
              new Reference(
                  "LAB-202",
                  "encounter_id",
                  "encounters",
                  "encounter_id names no encounter the lake received within the grace period"));

  /** Scheduled appointments. */
  public static final SilverEntity APPOINTMENTS =
      new SilverEntity(
              SourceTable.APPOINTMENTS.tableName(),
              "ehr." + SourceTable.APPOINTMENTS.tableName(),
              SourceTable.APPOINTMENTS.keyColumn(),
              columns(
                  "appointment_id", id("appointment_id"),
                  "patient_id", id("patient_id"),
                  "practitioner_id", id("practitioner_id"),
                  "facility_id", id("facility_id"),
                  "slot_start", localTime("slot_start"),
                  "slot_minutes", "try_cast(clean_text(slot_minutes) AS INT)",
                  "status", lower("status"),
                  "reason", text("reason"),
                  "encounter_id", id("encounter_id"),
                  // Given by HL7 feeds (TQ1-8 end, SCH-1 and SCH-2); the EHR's table holds none.
                  "slot_end", "CAST(NULL AS TIMESTAMP)",
                  "placer_appointment_id", "CAST(NULL AS STRING)",
                  "filler_appointment_id", "CAST(NULL AS STRING)"),
              List.of(
                  error(
                      "APT-001",
                      "appointment_id is missing or not a whole number",
                      "appointment_id IS NULL"),
                  error(
                      "APT-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error(
                      "APT-003", "slot_start is missing or not a timestamp", "slot_start IS NULL"),
                  error("APT-004", "status is missing", "status IS NULL"),
                  warning(
                      "APT-101",
                      "status is not a FHIR appointment status",
                      "status NOT IN ('proposed', 'pending', 'booked', 'arrived', 'fulfilled',"
                          + " 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist')"),
                  warning(
                      "APT-102",
                      "slot_minutes is not a positive whole number",
                      unparsed("slot_minutes") + " OR slot_minutes <= 0")))
          .withReferences(
              new Reference(
                  "APT-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"),
              new Reference(
                  "APT-202",
                  "practitioner_id",
                  "practitioners",
                  "practitioner_id names no practitioner the lake received within the grace"
                      + " period"),
              new Reference(
                  "APT-203",
                  "facility_id",
                  "facilities",
                  "facility_id names no facility the lake received within the grace period"),
              new Reference(
                  "APT-204",
                  "encounter_id",
                  "encounters",
                  "encounter_id names no encounter the lake received within the grace period"));

  /**
   * Observations other than laboratory results: vital signs, surveys, social history, exams.
   *
   * <p>Errors are what makes the row unusable or wrong: no key, no patient, no code, no value, a
   * value or time that does not parse, a time in the future. A missing time, a numeric value
   * without a unit, a category outside FHIR's list and a malformed LOINC code are warnings: the
   * observation still says what was observed and what was found.
   */
  public static final SilverEntity OBSERVATIONS =
      new SilverEntity(
              "observations",
              "ehr.observations",
              "observation_id",
              columns(
                  "observation_id", id("observation_id"),
                  "patient_id", id("patient_id"),
                  "encounter_id", id("encounter_id"),
                  "category", lower("category"),
                  "code_system", "code_system_uri(code_system)",
                  "code", text("code"),
                  "description", text("description"),
                  "value_numeric", decimal("value_numeric"),
                  "value_text", text("value_text"),
                  "unit", "ucum_unit(unit)",
                  "effective_at", localTime("effective_at")),
              List.of(
                  error(
                      "OBS-001",
                      "observation_id is missing or not a whole number",
                      "observation_id IS NULL"),
                  error(
                      "OBS-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("OBS-003", "code is missing", "code IS NULL"),
                  error(
                      "OBS-004",
                      "the observation has no value (neither value_numeric nor value_text)",
                      "value_numeric IS NULL AND value_text IS NULL AND NOT "
                          + unparsed("value_numeric")),
                  error(
                      "OBS-005",
                      "value_numeric or effective_at does not parse",
                      unparsed("value_numeric") + " OR " + unparsed("effective_at")),
                  error(
                      "OBS-006",
                      "effective_at is in the future",
                      "effective_at > current_timestamp() + INTERVAL 1 DAY"),
                  warning(
                      "OBS-101",
                      "category is not a FHIR observation category",
                      "category IS NULL OR category NOT IN ('social-history', 'vital-signs',"
                          + " 'imaging', 'laboratory', 'procedure', 'survey', 'exam', 'therapy',"
                          + " 'activity')"),
                  warning("OBS-102", "effective_at is missing", "_raw.effective_at IS NULL"),
                  warning(
                      "OBS-103",
                      "a numeric value has no unit",
                      "value_numeric IS NOT NULL AND unit IS NULL"),
                  warning(
                      "OBS-104",
                      "a LOINC code is not well formed (digits, hyphen, mod-10 check digit)",
                      "code_system = '"
                          + CodeSystems.LOINC
                          + "' AND code IS NOT NULL AND NOT is_loinc(code)")))
          .withReferences(
              new Reference(
                  "OBS-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"),
              new Reference(
                  "OBS-202",
                  "encounter_id",
                  "encounters",
                  "encounter_id names no encounter the lake received within the grace period"));

  /**
   * Immunizations. A vaccine without its code or its date is unusable (FHIR's Immunization requires
   * both), so those are errors; a code that is not CVX's one to three digits is a warning.
   */
  public static final SilverEntity IMMUNIZATIONS =
      new SilverEntity(
              "immunizations",
              "ehr.immunizations",
              "immunization_id",
              columns(
                  "immunization_id", id("immunization_id"),
                  "patient_id", id("patient_id"),
                  "encounter_id", id("encounter_id"),
                  "cvx_code", text("cvx_code"),
                  "description", text("description"),
                  "administered_at", localTime("administered_at")),
              List.of(
                  error(
                      "IMM-001",
                      "immunization_id is missing or not a whole number",
                      "immunization_id IS NULL"),
                  error(
                      "IMM-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("IMM-003", "cvx_code is missing", "cvx_code IS NULL"),
                  error(
                      "IMM-004",
                      "administered_at is missing or not a timestamp",
                      "administered_at IS NULL"),
                  error(
                      "IMM-005",
                      "administered_at is in the future",
                      "administered_at > current_timestamp() + INTERVAL 1 DAY"),
                  warning(
                      "IMM-101",
                      "cvx_code is not a CVX code (one to three digits)",
                      "cvx_code IS NOT NULL AND NOT cvx_code RLIKE '^[0-9]{1,3}$'")))
          .withReferences(
              new Reference(
                  "IMM-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"),
              new Reference(
                  "IMM-202",
                  "encounter_id",
                  "encounters",
                  "encounter_id names no encounter the lake received within the grace period"));

  /**
   * Procedures. No key, patient or code, a time that does not parse or lies in the future, or an
   * end before the start are errors; a missing start time and an unknown code system are warnings.
   */
  public static final SilverEntity PROCEDURES =
      new SilverEntity(
              "procedures",
              "ehr.procedures",
              "procedure_id",
              columns(
                  "procedure_id", id("procedure_id"),
                  "patient_id", id("patient_id"),
                  "encounter_id", id("encounter_id"),
                  "code_system", "code_system_uri(code_system)",
                  "code", text("code"),
                  "description", text("description"),
                  "performed_at", localTime("performed_at"),
                  "performed_end", localTime("performed_end"),
                  "reason_code", text("reason_code")),
              List.of(
                  error(
                      "PRC-001",
                      "procedure_id is missing or not a whole number",
                      "procedure_id IS NULL"),
                  error(
                      "PRC-002",
                      "patient_id is missing or not a whole number",
                      "patient_id IS NULL"),
                  error("PRC-003", "code is missing", "code IS NULL"),
                  error(
                      "PRC-004",
                      "performed_at or performed_end is not a timestamp",
                      unparsed("performed_at") + " OR " + unparsed("performed_end")),
                  error(
                      "PRC-005",
                      "performed_end is before performed_at",
                      "performed_end < performed_at"),
                  error(
                      "PRC-006",
                      "performed_at is in the future",
                      "performed_at > current_timestamp() + INTERVAL 1 DAY"),
                  warning("PRC-101", "performed_at is missing", "_raw.performed_at IS NULL"),
                  warning(
                      "PRC-102",
                      "code_system is not a code system carelake knows (SNOMED CT, ICD-10-CM,"
                          + " LOINC, RxNorm)",
                      "code_system IS NULL")))
          .withReferences(
              new Reference(
                  "PRC-201",
                  "patient_id",
                  "patients",
                  "patient_id names no patient the lake received within the grace period"),
              new Reference(
                  "PRC-202",
                  "encounter_id",
                  "encounters",
                  "encounter_id names no encounter the lake received within the grace period"));

  /** The entities in the order silver builds them (parents before children). */
  public static final List<SilverEntity> ALL =
      List.of(
          ORGANIZATIONS,
          FACILITIES,
          PRACTITIONERS,
          PATIENTS,
          ENCOUNTERS,
          DIAGNOSES,
          PROBLEMS,
          ALLERGIES,
          PRESCRIPTIONS,
          LAB_RESULTS,
          APPOINTMENTS,
          OBSERVATIONS,
          IMMUNIZATIONS,
          PROCEDURES);

  /** An entity by name. */
  public static java.util.Optional<SilverEntity> named(String name) {
    return ALL.stream().filter(entity -> entity.name().equals(name)).findFirst();
  }

  private static String id(String column) {
    return "try_cast(clean_text(" + column + ") AS BIGINT)";
  }

  private static String text(String column) {
    return "clean_text(" + column + ")";
  }

  private static String lower(String column) {
    return "lower(clean_text(" + column + "))";
  }

  private static String date(String column) {
    return "try_cast(clean_text(" + column + ") AS DATE)";
  }

  private static String decimal(String column) {
    return "try_cast(clean_text(" + column + ") AS DECIMAL(18,6))";
  }

  /** A wall-clock time of the source, as a UTC instant. */
  private static String localTime(String column) {
    return "to_utc_timestamp(try_cast(clean_text("
        + column
        + ") AS TIMESTAMP), '"
        + SilverStage.TIME_ZONE_TOKEN
        + "')";
  }

  /** The instant a date begins in the source's time zone. */
  private static String startOfDay(String dateExpression) {
    return "to_utc_timestamp(CAST("
        + dateExpression
        + " AS TIMESTAMP), '"
        + SilverStage.TIME_ZONE_TOKEN
        + "')";
  }

  /**
   * A US ZIP code: five digits, or ZIP+4 written {@code 02114-1234} or, as Synthea and many exports
   * write it, {@code 021141234}, stored with the hyphen. {@code 00000}, a placeholder no address
   * has (Synthea writes it for places it has no ZIP code for), is unknown.
   */
  private static String zip(String column) {
    String digits = "regexp_replace(clean_text(" + column + "), '-', '')";
    return "CASE WHEN clean_text("
        + column
        + ") RLIKE '^[0-9]{5}(-?[0-9]{4})?$' AND substr("
        + digits
        + ", 1, 5) <> '00000' THEN CASE WHEN length("
        + digits
        + ") = 9 THEN concat(substr("
        + digits
        + ", 1, 5), '-', substr("
        + digits
        + ", 6, 4)) ELSE "
        + digits
        + " END END";
  }

  /** The column had a value as received, but its typed form is null: it did not parse. */
  private static String unparsed(String column) {
    return "(clean_text(_raw." + column + ") IS NOT NULL AND " + column + " IS NULL)";
  }

  private static Map<String, String> columns(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
