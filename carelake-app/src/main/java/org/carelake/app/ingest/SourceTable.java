package org.carelake.app.ingest;

import java.util.List;

/**
 * A source table carelake extracts.
 *
 * @param name the table's name in the source database
 * @param keyColumn its primary key column
 * @param watermarkColumn the change timestamp incremental extraction reads ({@code updated_at})
 */
public record SourceTable(String name, String keyColumn, String watermarkColumn) {
  /** The EHR tables the pipeline extracts, parents before children. */
  public static final List<SourceTable> EHR =
      List.of(
          new SourceTable("patients", "patient_id", "updated_at"),
          new SourceTable("encounters", "encounter_id", "updated_at"),
          new SourceTable("diagnoses", "diagnosis_id", "updated_at"));
}
