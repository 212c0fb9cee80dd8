package org.carelake.lake.pipeline;

import java.util.Set;
import java.util.function.Predicate;

/** Which stages of the pipeline a run executes. */
public enum PipelineScope {
  /** Every stage. */
  ALL(stage -> true),
  /** Source to bronze: extract and bronze only (the ingestion benchmark measures this). */
  TO_BRONZE(Set.of("extract", "bronze")::contains),
  /**
   * Source to silver and the reconciliation of their counts (the HL7 ingestion benchmark measures
   * this).
   */
  TO_SILVER(Set.of("raw", "extract", "bronze", "silver", "reconcile")::contains),
  /** Every stage that writes the lake, without publishing to a database. */
  LAKE_ONLY(stage -> !stage.equals("publish"));

  private final Predicate<String> stages;

  PipelineScope(Predicate<String> stages) {
    this.stages = stages;
  }

  /** Whether a stage runs. */
  public boolean includes(String stage) {
    return stages.test(stage);
  }
}
