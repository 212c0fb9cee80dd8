package org.carelake.lake.pipeline;

import java.util.Set;

/** Which stages of the pipeline a run executes. */
public enum PipelineScope {
  /** Every stage. */
  ALL(Set.of()),
  /** Source to bronze: extract and bronze only (the ingestion benchmark measures this). */
  TO_BRONZE(Set.of("extract", "bronze"));

  private final Set<String> stages;

  PipelineScope(Set<String> stages) {
    this.stages = stages;
  }

  /** Whether a stage runs. */
  public boolean includes(String stage) {
    return stages.isEmpty() || stages.contains(stage);
  }
}
