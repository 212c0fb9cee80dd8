package org.carelake.lake.run;

/** The state of a run or of one of its steps. */
public enum RunStatus {
  /** Started and not ended (or its process died: see the run's age). */
  RUNNING,
  /** Ended without error. */
  SUCCEEDED,
  /** Ended with an error. */
  FAILED
}
