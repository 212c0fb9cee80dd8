package org.carelake.lake.pipeline;

/**
 * Receives the executor's progress events; the CLI renders them as progress lines. Called from the
 * threads that run the steps, so an implementation must be thread-safe.
 */
public interface StepListener {
  /** A listener that ignores every event. */
  StepListener NONE = new StepListener() {};

  /** A step starts. */
  default void started(Step step) {}

  /** A step succeeded. */
  default void succeeded(Step step, StepResult result, double seconds) {}

  /** A step failed; the run fails after the steps still running end. */
  default void failed(Step step, RuntimeException error, double seconds) {}

  /** A resumed run passes a step that succeeded before the interruption. */
  default void alreadyDone(Step step) {}

  /** Work before the steps starts (starting Spark, loading a code set). */
  default void preparing(String label) {}

  /** The work announced by {@link #preparing} ended, with what it made. */
  default void prepared(String label, String detail) {}

  /** A plain line about the run (which run starts or resumes). */
  default void note(String text) {}
}
