package org.carelake.lake.pipeline;

import java.util.Map;

/**
 * What one step did: a record per stage with its own typed counts. The executor records {@link
 * #counts()} in the run history and shows {@link #summary()} on the step's progress line.
 */
public interface StepResult {
  /** The counts to record, by name, in a stable order. Never patient data. */
  Map<String, Long> counts();

  /** One line saying what the step did, for progress output. Never patient data. */
  String summary();

  /** The source watermarks the step advanced (table to exclusive upper bound); usually none. */
  default Map<String, String> watermarks() {
    return Map.of();
  }
}
