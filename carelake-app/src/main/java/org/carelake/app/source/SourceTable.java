package org.carelake.app.source;

import java.util.List;

/**
 * The EHR tables of the reference schema, in load order, with the columns the generator writes
 * (every column but {@code created_at} and {@code updated_at}, which the database keeps).
 */
enum SourceTable {
  ORGANIZATIONS(
      "organizations",
      "organization_id",
      "name",
      "organization_type",
      "address_line",
      "city",
      "state",
      "zip",
      "phone"),
  FACILITIES(
      "facilities",
      "facility_id",
      "organization_id",
      "name",
      "facility_type",
      "address_line",
      "city",
      "state",
      "zip",
      "phone"),
  PRACTITIONERS(
      "practitioners",
      "practitioner_id",
      "npi",
      "given_name",
      "family_name",
      "specialty",
      "organization_id"),
  PATIENTS(
      "patients",
      "patient_id",
      "mrn",
      "given_name",
      "family_name",
      "birth_date",
      "sex",
      "address_line",
      "city",
      "state",
      "zip",
      "phone",
      "email",
      "ssn",
      "deceased_date"),
  ENCOUNTERS(
      "encounters",
      "encounter_id",
      "patient_id",
      "encounter_class",
      "admit_time",
      "discharge_time",
      "discharge_disposition",
      "attending_practitioner_id",
      "facility_id",
      "admission_type"),
  DIAGNOSES(
      "diagnoses",
      "diagnosis_id",
      "encounter_id",
      "patient_id",
      "icd10_code",
      "diagnosis_rank",
      "onset_date",
      "snomed_code",
      "description"),
  PROBLEMS(
      "problems",
      "problem_id",
      "patient_id",
      "code_system",
      "code",
      "description",
      "status",
      "onset_date",
      "resolved_date"),
  ALLERGIES(
      "allergies",
      "allergy_id",
      "patient_id",
      "code_system",
      "code",
      "substance",
      "category",
      "reaction",
      "severity",
      "status",
      "onset_date"),
  PRESCRIPTIONS(
      "prescriptions",
      "prescription_id",
      "patient_id",
      "encounter_id",
      "rxnorm_code",
      "drug_name",
      "dose_quantity",
      "dose_unit",
      "route",
      "frequency",
      "start_date",
      "end_date",
      "prescriber_id",
      "status"),
  LAB_RESULTS(
      "lab_results",
      "lab_result_id",
      "patient_id",
      "encounter_id",
      "loinc_code",
      "test_name",
      "value_numeric",
      "value_text",
      "unit",
      "reference_low",
      "reference_high",
      "reference_range",
      "abnormal_flag",
      "collected_at",
      "resulted_at"),
  APPOINTMENTS(
      "appointments",
      "appointment_id",
      "patient_id",
      "practitioner_id",
      "facility_id",
      "slot_start",
      "slot_minutes",
      "status",
      "reason",
      "encounter_id"),
  OBSERVATIONS(
      "observations",
      "observation_id",
      "patient_id",
      "encounter_id",
      "category",
      "code_system",
      "code",
      "description",
      "value_numeric",
      "value_text",
      "unit",
      "effective_at"),
  IMMUNIZATIONS(
      "immunizations",
      "immunization_id",
      "patient_id",
      "encounter_id",
      "cvx_code",
      "description",
      "administered_at"),
  PROCEDURES(
      "procedures",
      "procedure_id",
      "patient_id",
      "encounter_id",
      "code_system",
      "code",
      "description",
      "performed_at",
      "performed_end",
      "reason_code");

  private final String tableName;
  private final List<String> columns;

  SourceTable(String tableName, String... columns) {
    this.tableName = tableName;
    this.columns = List.of(columns);
  }

  /** The table's name in the database. */
  String tableName() {
    return tableName;
  }

  /** The primary key column, always the first column. */
  String keyColumn() {
    return columns.get(0);
  }

  /** The columns the generator writes, primary key first. */
  List<String> columns() {
    return columns;
  }

  /** The position of a column in {@link #columns()}. */
  int column(String name) {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(tableName + " has no column " + name);
    }
    return index;
  }

  /** The {@code COPY ... FROM STDIN} statement for the generator's text format. */
  String copyInStatement() {
    return "COPY " + tableName + " (" + String.join(", ", columns) + ") FROM STDIN";
  }
}
