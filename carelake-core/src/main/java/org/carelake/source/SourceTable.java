package org.carelake.source;

import java.util.List;

/**
 * The one declaration of the EHR tables of the reference schema, in load order (parents before
 * children): each table's name, its columns with their types, its primary key and its change
 * timestamp. Extraction ({@code IngestTable}), the synthetic EHR, the Synthea import and silver's
 * declarations read it; {@code SourceTableDeclarationIT} checks it against the migrated schema.
 *
 * <p>The columns are the ones a loader writes: every column but {@link #CREATED_AT} and {@link
 * #UPDATED_AT}, which the database keeps (triggers and defaults), so incremental extraction can
 * rely on them.
 */
public enum SourceTable {
  /** Health systems, hospitals and clinics. */
  ORGANIZATIONS(
      "organizations",
      key("organization_id"),
      text("name"),
      text("organization_type"),
      text("address_line"),
      text("city"),
      text("state"),
      text("zip"),
      text("phone")),
  /** The places care happens, each belonging to an organization. */
  FACILITIES(
      "facilities",
      key("facility_id"),
      bigint("organization_id"),
      text("name"),
      text("facility_type"),
      text("address_line"),
      text("city"),
      text("state"),
      text("zip"),
      text("phone")),
  /** Clinicians, with their NPI. */
  PRACTITIONERS(
      "practitioners",
      key("practitioner_id"),
      text("npi"),
      text("given_name"),
      text("family_name"),
      text("specialty"),
      bigint("organization_id")),
  /** Registrations of people (one person may be registered twice). */
  PATIENTS(
      "patients",
      key("patient_id"),
      text("mrn"),
      text("given_name"),
      text("family_name"),
      date("birth_date"),
      text("sex"),
      text("address_line"),
      text("city"),
      text("state"),
      text("zip"),
      text("phone"),
      text("email"),
      text("ssn"),
      date("deceased_date")),
  /** Visits and stays. */
  ENCOUNTERS(
      "encounters",
      key("encounter_id"),
      bigint("patient_id"),
      text("encounter_class"),
      timestamp("admit_time"),
      timestamp("discharge_time"),
      text("discharge_disposition"),
      bigint("attending_practitioner_id"),
      bigint("facility_id"),
      text("admission_type")),
  /** Encounter diagnoses, ICD-10-CM coded. */
  DIAGNOSES(
      "diagnoses",
      key("diagnosis_id"),
      bigint("encounter_id"),
      bigint("patient_id"),
      text("icd10_code"),
      text("diagnosis_rank"),
      date("onset_date"),
      text("snomed_code"),
      text("description")),
  /** The problem list. */
  PROBLEMS(
      "problems",
      key("problem_id"),
      bigint("patient_id"),
      text("code_system"),
      text("code"),
      text("description"),
      text("status"),
      date("onset_date"),
      date("resolved_date")),
  /** Allergies and intolerances. */
  ALLERGIES(
      "allergies",
      key("allergy_id"),
      bigint("patient_id"),
      text("code_system"),
      text("code"),
      text("substance"),
      text("category"),
      text("reaction"),
      text("severity"),
      text("status"),
      date("onset_date")),
  /** Medication orders, RxNorm coded. */
  PRESCRIPTIONS(
      "prescriptions",
      key("prescription_id"),
      bigint("patient_id"),
      bigint("encounter_id"),
      text("rxnorm_code"),
      text("drug_name"),
      numeric("dose_quantity"),
      text("dose_unit"),
      text("route"),
      text("frequency"),
      date("start_date"),
      date("end_date"),
      bigint("prescriber_id"),
      text("status")),
  /** Laboratory results, LOINC coded. */
  LAB_RESULTS(
      "lab_results",
      key("lab_result_id"),
      bigint("patient_id"),
      bigint("encounter_id"),
      text("loinc_code"),
      text("test_name"),
      numeric("value_numeric"),
      text("value_text"),
      text("unit"),
      numeric("reference_low"),
      numeric("reference_high"),
      text("reference_range"),
      text("abnormal_flag"),
      timestamp("collected_at"),
      timestamp("resulted_at")),
  /** Scheduled visits. */
  APPOINTMENTS(
      "appointments",
      key("appointment_id"),
      bigint("patient_id"),
      bigint("practitioner_id"),
      bigint("facility_id"),
      timestamp("slot_start"),
      integer("slot_minutes"),
      text("status"),
      text("reason"),
      bigint("encounter_id")),
  /** Observations that are not laboratory results: vital signs, surveys, social history. */
  OBSERVATIONS(
      "observations",
      key("observation_id"),
      bigint("patient_id"),
      bigint("encounter_id"),
      text("category"),
      text("code_system"),
      text("code"),
      text("description"),
      numeric("value_numeric"),
      text("value_text"),
      text("unit"),
      timestamp("effective_at")),
  /** Vaccines given, coded in CVX. */
  IMMUNIZATIONS(
      "immunizations",
      key("immunization_id"),
      bigint("patient_id"),
      bigint("encounter_id"),
      text("cvx_code"),
      text("description"),
      timestamp("administered_at")),
  /** Procedures performed, coded as the source codes them. */
  PROCEDURES(
      "procedures",
      key("procedure_id"),
      bigint("patient_id"),
      bigint("encounter_id"),
      text("code_system"),
      text("code"),
      text("description"),
      timestamp("performed_at"),
      timestamp("performed_end"),
      text("reason_code"));

  /** When the row was inserted; kept by the database. */
  public static final String CREATED_AT = "created_at";

  /** When the row last changed; kept by the database, and the watermark of extraction. */
  public static final String UPDATED_AT = "updated_at";

  private final String tableName;
  private final List<SourceColumn> declared;
  private final List<String> columns;

  SourceTable(String tableName, SourceColumn... columns) {
    this.tableName = tableName;
    this.declared = List.of(columns);
    this.columns = this.declared.stream().map(SourceColumn::name).toList();
  }

  /** The table's name in the database. */
  public String tableName() {
    return tableName;
  }

  /** The primary key column, always the first column. */
  public String keyColumn() {
    return columns.get(0);
  }

  /** The change timestamp incremental extraction reads: {@value #UPDATED_AT}. */
  public String watermarkColumn() {
    return UPDATED_AT;
  }

  /** The names of the columns a loader writes, primary key first. */
  public List<String> columns() {
    return columns;
  }

  /** The columns a loader writes with their types, primary key first. */
  public List<SourceColumn> declaredColumns() {
    return declared;
  }

  /**
   * The position of a column in {@link #columns()}.
   *
   * @throws IllegalArgumentException when the table has no such column (a programming error)
   */
  public int column(String name) {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(tableName + " has no column " + name);
    }
    return index;
  }

  /** The {@code COPY ... FROM STDIN} statement for the COPY text format of {@link CopyText}. */
  public String copyInStatement() {
    return "COPY " + tableName + " (" + String.join(", ", columns) + ") FROM STDIN";
  }

  private static SourceColumn key(String name) {
    return new SourceColumn(name, SourceColumn.Type.BIGINT);
  }

  private static SourceColumn bigint(String name) {
    return new SourceColumn(name, SourceColumn.Type.BIGINT);
  }

  private static SourceColumn integer(String name) {
    return new SourceColumn(name, SourceColumn.Type.INTEGER);
  }

  private static SourceColumn numeric(String name) {
    return new SourceColumn(name, SourceColumn.Type.NUMERIC);
  }

  private static SourceColumn text(String name) {
    return new SourceColumn(name, SourceColumn.Type.TEXT);
  }

  private static SourceColumn date(String name) {
    return new SourceColumn(name, SourceColumn.Type.DATE);
  }

  private static SourceColumn timestamp(String name) {
    return new SourceColumn(name, SourceColumn.Type.TIMESTAMP);
  }
}
