package org.carelake.privacy;

import java.util.Arrays;
import java.util.Optional;

/** How much a column says about who a patient is. */
public enum PhiClass {
  /** Names the person on its own (a name, an MRN, an SSN, a phone number, a full address). */
  DIRECT_IDENTIFIER("direct"),
  /**
   * Identifies only together with other data (a birth date, a ZIP code, a sex, an age band, a keyed
   * pseudonym).
   */
  QUASI_IDENTIFIER("quasi"),
  /** Says nothing about who the patient is (a code, a count, a run id). */
  NOT_PHI("none");

  private final String code;

  PhiClass(String code) {
    this.code = code;
  }

  /** The word the classification file uses: {@code direct}, {@code quasi} or {@code none}. */
  public String code() {
    return code;
  }

  /** The class a word of the classification file names. */
  public static Optional<PhiClass> ofCode(String code) {
    return Arrays.stream(values()).filter(value -> value.code.equals(code)).findFirst();
  }
}
