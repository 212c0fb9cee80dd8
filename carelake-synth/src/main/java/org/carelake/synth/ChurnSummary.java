package org.carelake.synth;

import java.time.LocalDate;
import java.util.Map;

/**
 * What one churn batch changed.
 *
 * @param batch the batch number in {@code carelake_batches} and {@code carelake_manifest}
 * @param day the day of EHR use the batch stands for; its new encounters happen on it
 * @param tables rows inserted, updated and deleted per EHR table, in the reference schema's order
 * @param kinds manifest entries per change and kind ({@code "update discharge"}, ...), sorted
 * @param seconds the wall time churn took
 */
public record ChurnSummary(
    int batch,
    LocalDate day,
    Map<String, TableChanges> tables,
    Map<String, Long> kinds,
    double seconds) {

  /**
   * The changes to one table.
   *
   * @param inserted rows inserted
   * @param updated rows updated
   * @param deleted rows deleted
   */
  public record TableChanges(long inserted, long updated, long deleted) {
    /** Every change to the table. */
    public long total() {
      return inserted + updated + deleted;
    }
  }

  /** Every row changed. */
  public long totalChanges() {
    return tables.values().stream().mapToLong(TableChanges::total).sum();
  }
}
