package org.carelake.terminology;

import java.util.Locale;

/**
 * What a value entered as an ICD-10-CM code is, judged against a code set ({@link Icd10CodeSet}).
 *
 * <p>Silver stores the lower-case name ({@code billable}, {@code header}, ...) in {@code
 * icd10_code_status}.
 */
public enum Icd10Status {
  /** A code of the release valid for HIPAA-covered transactions. */
  BILLABLE,
  /** A code of the release that has more specific codes below it: valid, but not billable. */
  HEADER,
  /** Well formed, but not a code of the release (retired, not yet valid, or made up). */
  UNKNOWN,
  /** The value has characters but does not follow the ICD-10-CM code pattern. */
  MALFORMED,
  /** The value is null, empty or only whitespace. */
  MISSING;

  /**
   * Returns the name silver stores, such as {@code "billable"}.
   *
   * @return the lower-case name
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
