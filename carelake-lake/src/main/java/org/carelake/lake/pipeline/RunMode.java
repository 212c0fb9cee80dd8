package org.carelake.lake.pipeline;

/** How much of the source a run extracts. */
public enum RunMode {
  /** The rows changed since the last successful run's watermarks. */
  INCREMENTAL,
  /** Every row, whatever the watermarks say. */
  FULL
}
