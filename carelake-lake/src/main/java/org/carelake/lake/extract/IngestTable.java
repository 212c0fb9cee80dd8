package org.carelake.lake.extract;

import java.util.List;
import java.util.Optional;

/**
 * A source table the pipeline extracts.
 *
 * @param name the table's name in the source database
 * @param keyColumn its primary key column
 * @param watermarkColumn the change timestamp incremental extraction reads
 * @param kind a table of records, or the log of deleted rows
 */
public record IngestTable(String name, String keyColumn, String watermarkColumn, Kind kind) {
  /** What a table holds. */
  public enum Kind {
    /** Records with {@code created_at} and {@code updated_at} kept by triggers. */
    RECORDS,
    /**
     * The deletion log: one row per deleted record ({@code table_name}, {@code primary_key}, {@code
     * deleted_at}), written by an {@code AFTER DELETE} trigger on every records table.
     */
    DELETION_LOG
  }

  /** The deletion log of the reference schema. */
  public static final IngestTable DELETIONS =
      new IngestTable("source_deletions", "deletion_id", "deleted_at", Kind.DELETION_LOG);

  /** The EHR's record tables, parents before children. */
  public static final List<IngestTable> RECORDS =
      List.of(
          records("organizations", "organization_id"),
          records("facilities", "facility_id"),
          records("practitioners", "practitioner_id"),
          records("patients", "patient_id"),
          records("encounters", "encounter_id"),
          records("diagnoses", "diagnosis_id"),
          records("problems", "problem_id"),
          records("allergies", "allergy_id"),
          records("prescriptions", "prescription_id"),
          records("lab_results", "lab_result_id"),
          records("appointments", "appointment_id"),
          records("observations", "observation_id"),
          records("immunizations", "immunization_id"),
          records("procedures", "procedure_id"));

  /** Every table the pipeline extracts: the record tables, then the deletion log. */
  public static final List<IngestTable> ALL = concat(RECORDS, DELETIONS);

  /** A record table by name. */
  public static Optional<IngestTable> record(String name) {
    return RECORDS.stream().filter(table -> table.name().equals(name)).findFirst();
  }

  private static IngestTable records(String name, String key) {
    return new IngestTable(name, key, "updated_at", Kind.RECORDS);
  }

  private static List<IngestTable> concat(List<IngestTable> tables, IngestTable last) {
    List<IngestTable> all = new java.util.ArrayList<>(tables);
    all.add(last);
    return List.copyOf(all);
  }
}
