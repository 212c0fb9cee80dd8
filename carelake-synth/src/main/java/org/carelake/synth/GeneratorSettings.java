package org.carelake.synth;

import org.carelake.core.Errors;

/**
 * What to generate.
 *
 * @param patients how many patients (at least 1); every other table follows from them
 * @param seed the seed: the same seed and settings give the same data, row for row
 * @param defectRate the share of rows, from 0 to 1, that get one injected defect; 0 gives clean
 *     data
 */
public record GeneratorSettings(int patients, long seed, double defectRate) {
  /** Checks the ranges. */
  public GeneratorSettings {
    if (patients < 1 || patients > 10_000_000) {
      throw Errors.badPatientCount(patients);
    }
    if (!(defectRate >= 0 && defectRate <= 1)) {
      throw Errors.badDefectRate(defectRate);
    }
  }
}
