package org.carelake.synth;

import org.carelake.core.Errors;

/**
 * How much churn to apply.
 *
 * @param changes how many rows to insert, update or delete (at least 1); each is one manifest entry
 * @param seed the seed: the same seed on the same data gives the same changes
 */
public record ChurnSettings(int changes, long seed) {
  /** Checks the range. */
  public ChurnSettings {
    if (changes < 1 || changes > 10_000_000) {
      throw Errors.badChangeCount(changes);
    }
  }
}
