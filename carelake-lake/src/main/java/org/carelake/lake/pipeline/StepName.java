package org.carelake.lake.pipeline;

import java.util.Objects;

/**
 * The name of a pipeline step: its stage and, for stages with one step per table, entity or type,
 * its subject. Written {@code stage:subject} ({@code bronze:patients}), or {@code stage} alone.
 *
 * @param stage the stage ({@code extract}, {@code bronze}, {@code silver}, ...)
 * @param subject the table, entity, type or mart, or empty for a stage with one step
 */
public record StepName(String stage, String subject) {
  /** A name, checked. */
  public StepName {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(subject, "subject");
    if (stage.isEmpty() || stage.contains(":")) {
      throw new IllegalArgumentException(
          "A step's stage must be a non-empty word: '" + stage + "'");
    }
  }

  /** The step of a stage that has one step. */
  public static StepName of(String stage) {
    return new StepName(stage, "");
  }

  /** The step of a stage for one subject. */
  public static StepName of(String stage, String subject) {
    return new StepName(stage, subject);
  }

  /** Reads {@code stage:subject} or {@code stage}. */
  public static StepName parse(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? of(name) : new StepName(name.substring(0, colon), name.substring(colon + 1));
  }

  /** The name as written in the run history and by {@code carelake pipeline show}. */
  @Override
  public String toString() {
    return subject.isEmpty() ? stage : stage + ":" + subject;
  }
}
