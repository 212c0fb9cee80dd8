package org.carelake.lake.quarantine;

import java.util.Optional;

/**
 * Which quarantined rows to list.
 *
 * @param rule only rows that failed this rule id, such as {@code DX-003}
 * @param table only rows of this table, given as {@code diagnoses} or {@code ehr.diagnoses}
 * @param run only rows quarantined by this run
 * @param scope open rows only, or released ones too
 * @param limit at most this many rows, newest first
 */
public record QuarantineFilter(
    Optional<String> rule, Optional<String> table, Optional<String> run, Scope scope, int limit) {

  /** Which rows by their release. */
  public enum Scope {
    /** Rows no replay has released. */
    OPEN,
    /** Every row. */
    ALL
  }
}
