package org.carelake.lake.quarantine;

import java.util.List;

/**
 * One quarantined row, as {@code carelake quarantine list} shows it.
 *
 * @param sourceTable the source table, such as {@code ehr.diagnoses}
 * @param sourcePosition where the row came from, such as {@code ehr.diagnoses:diagnosis_id=42}
 * @param runId the run that quarantined it
 * @param quarantinedAt when, ISO-8601 UTC
 * @param ruleIds the error rules it failed
 * @param reasons the rules' readable reasons, in the same order
 * @param releasedBy the replay that released it, or null while it is open
 * @param releasedAt when it was released, or null
 * @param record the row as received (patient data), or null unless asked for
 */
public record QuarantineEntry(
    String sourceTable,
    String sourcePosition,
    String runId,
    String quarantinedAt,
    List<String> ruleIds,
    List<String> reasons,
    String releasedBy,
    String releasedAt,
    String record) {

  /** Whether a replay released the row. */
  public boolean released() {
    return releasedBy != null;
  }
}
