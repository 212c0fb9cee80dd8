package org.carelake.lake.quarantine;

import org.carelake.core.CarelakeException;

/** Builds the errors of the quarantine, each stating problem, cause and fix. */
final class QuarantineErrors {
  private QuarantineErrors() {}

  static CarelakeException replayDoesNotReconcile(
      String table, long replayed, long released, long stillQuarantined) {
    return new CarelakeException(
        "The quarantine replay of "
            + table
            + " does not reconcile: "
            + replayed
            + " open rows replayed, but "
            + released
            + " released + "
            + stillQuarantined
            + " still quarantined; nothing was written for this table. A key was probably"
            + " quarantined twice in one run (a resumed run with a lost transaction id); look at"
            + " 'carelake quarantine list --table "
            + table
            + "' and report this as a bug.");
  }
}
