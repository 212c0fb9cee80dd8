package org.carelake.synth;

import java.util.List;

/**
 * The errors of the synthetic EHR's own making: a catalog file that does not read. Catalogs ship
 * inside this module's jar, so each of these is a defect of the build, found by its tests.
 */
final class SynthErrors {
  private SynthErrors() {}

  static IllegalStateException catalogMissing(String file) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " is not on the class path; the synthetic EHR reads its catalogs from"
            + " org/carelake/synth/catalog/ in carelake-synth's jar; rebuild carelake-synth.");
  }

  static IllegalStateException catalogHeaderWrong(String file, List<String> columns) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " does not start with the header '"
            + String.join(",", columns)
            + "'; the catalog class reads its columns by these names; restore the header line.");
  }

  static IllegalStateException catalogFieldCount(String file, int line, int found, int expected) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " line "
            + line
            + " has "
            + found
            + " fields, not "
            + expected
            + "; every entry has one field per header column; quote a field that holds a comma.");
  }

  static IllegalStateException catalogNotANumber(String file, int line, String column) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " line "
            + line
            + ", column "
            + column
            + ", is not a number; the generator draws with it; write it as a decimal number such"
            + " as 0.25.");
  }
}
