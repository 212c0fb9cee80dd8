package org.carelake.lake.silver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The silver entities of the EHR source: their typed columns and validation rules.
 *
 * <p>Typing never fails: a value that does not parse becomes null ({@code try_cast}), and a rule
 * comparing it with {@code _raw} reports it. Rules are listed here, not buried in the transform, so
 * a reviewer can read what silver accepts. Timestamps without a zone are taken as UTC.
 */
public final class EhrEntities {
  private EhrEntities() {}

  /** Patients: demographics, identified (silver is identified data; gold is not). */
  public static final SilverEntity PATIENTS =
      new SilverEntity(
          "patients",
          "ehr.patients",
          "patient_id",
          columns(
              "patient_id", "try_cast(patient_id AS BIGINT)",
              "mrn", "nullif(trim(mrn), '')",
              "given_name", "nullif(trim(given_name), '')",
              "family_name", "nullif(trim(family_name), '')",
              "birth_date", "try_cast(trim(birth_date) AS DATE)",
              "administrative_gender",
                  "CASE lower(trim(sex)) WHEN 'm' THEN 'male' WHEN 'male' THEN 'male'"
                      + " WHEN 'f' THEN 'female' WHEN 'female' THEN 'female'"
                      + " WHEN 'o' THEN 'other' WHEN 'other' THEN 'other'"
                      + " WHEN 'u' THEN 'unknown' WHEN 'unknown' THEN 'unknown' END",
              "address_line", "nullif(trim(address_line), '')",
              "city", "nullif(trim(city), '')",
              "state", "upper(nullif(trim(state), ''))",
              "zip", "nullif(trim(zip), '')",
              "phone", "nullif(trim(phone), '')",
              "email", "lower(nullif(trim(email), ''))",
              "ssn", "nullif(trim(ssn), '')",
              "deceased_date", "try_cast(trim(deceased_date) AS DATE)"),
          List.of(
              ValidationRule.error(
                  "PAT-001", "patient_id is missing or not a whole number", "patient_id IS NULL"),
              ValidationRule.error(
                  "PAT-002", "mrn (medical record number) is missing", "mrn IS NULL"),
              ValidationRule.error(
                  "PAT-003", "birth_date is missing or not a date", "birth_date IS NULL"),
              ValidationRule.error(
                  "PAT-004", "birth_date is in the future", "birth_date > current_date()"),
              ValidationRule.error(
                  "PAT-005",
                  "deceased_date is not a date",
                  "_raw.deceased_date IS NOT NULL AND trim(_raw.deceased_date) <> ''"
                      + " AND deceased_date IS NULL"),
              ValidationRule.warning(
                  "PAT-101",
                  "sex is not a recognised administrative gender (male, female, other, unknown)",
                  "administrative_gender IS NULL")));

  /** Encounters and admissions. */
  public static final SilverEntity ENCOUNTERS =
      new SilverEntity(
          "encounters",
          "ehr.encounters",
          "encounter_id",
          columns(
              "encounter_id", "try_cast(encounter_id AS BIGINT)",
              "patient_id", "try_cast(patient_id AS BIGINT)",
              "encounter_class", "lower(nullif(trim(encounter_class), ''))",
              "admit_time", "try_cast(trim(admit_time) AS TIMESTAMP)",
              "discharge_time", "try_cast(trim(discharge_time) AS TIMESTAMP)",
              "discharge_disposition", "nullif(trim(discharge_disposition), '')",
              "attending_practitioner_id", "try_cast(attending_practitioner_id AS BIGINT)",
              "facility_id", "try_cast(facility_id AS BIGINT)"),
          List.of(
              ValidationRule.error(
                  "ENC-001",
                  "encounter_id is missing or not a whole number",
                  "encounter_id IS NULL"),
              ValidationRule.error(
                  "ENC-002", "patient_id is missing or not a whole number", "patient_id IS NULL"),
              ValidationRule.error(
                  "ENC-003", "admit_time is missing or not a timestamp", "admit_time IS NULL"),
              ValidationRule.error(
                  "ENC-004",
                  "discharge_time is not a timestamp",
                  "_raw.discharge_time IS NOT NULL AND trim(_raw.discharge_time) <> ''"
                      + " AND discharge_time IS NULL"),
              ValidationRule.error(
                  "ENC-005", "discharge_time is before admit_time", "discharge_time < admit_time"),
              ValidationRule.error(
                  "ENC-006",
                  "admit_time is in the future",
                  "admit_time > current_timestamp() + INTERVAL 1 DAY"),
              ValidationRule.warning(
                  "ENC-101",
                  "encounter_class is not inpatient, outpatient, emergency or virtual",
                  "encounter_class IS NULL OR encounter_class NOT IN"
                      + " ('inpatient', 'outpatient', 'emergency', 'virtual')")));

  /**
   * Diagnoses, owned by {@link DiagnosesEntity}: their ICD-10-CM enrichment and rules live there,
   * beside the terminology they depend on.
   */
  public static final SilverEntity DIAGNOSES = DiagnosesEntity.ENTITY;

  /** The entities in the order silver builds them (parents before children). */
  public static final List<SilverEntity> ALL = List.of(PATIENTS, ENCOUNTERS, DIAGNOSES);

  private static Map<String, String> columns(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
