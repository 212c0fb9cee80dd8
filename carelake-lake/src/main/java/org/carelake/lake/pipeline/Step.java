package org.carelake.lake.pipeline;

import java.util.List;

/**
 * One step of a pipeline: a typed name, the steps it depends on, and its work. One class per stage
 * implements it (extract, bronze, silver, reconcile, quality, fhir, gold, publish, retention, HL7
 * ingestion); {@link Pipeline} registers them and {@link StepExecutor} runs them.
 *
 * <p>Every step is idempotent: run again in the same run (a resume after a crash), it converges to
 * the same tables without duplicates, so the executor may run any step that did not succeed again.
 */
public interface Step {
  /** The step's unique name. */
  StepName name();

  /** The steps that must succeed before this one starts. */
  List<StepName> dependsOn();

  /** What it does, for {@code carelake pipeline show}. */
  String description();

  /** The label of its progress line; by default its stage and subject. */
  default String label() {
    return name().subject().isEmpty() ? name().stage() : name().stage() + " " + name().subject();
  }

  /**
   * Whether it may run at the same time as other steps that allow it. Steps of one table each
   * (extract, bronze) are mostly fixed cost that overlaps well; every other step runs alone.
   */
  default boolean concurrent() {
    return false;
  }

  /**
   * Does the step's work for one run.
   *
   * @param context the run: its id, sequence, mode, and what earlier steps recorded
   * @return what it did
   * @throws org.carelake.core.CarelakeException when it fails; the run is then recorded as failed
   *     and resumes from this step
   */
  StepResult run(RunContext context);
}
