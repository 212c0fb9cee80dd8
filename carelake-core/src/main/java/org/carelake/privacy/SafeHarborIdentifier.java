package org.carelake.privacy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The 18 identifiers HIPAA's Safe Harbor method removes, 45 CFR 164.514(b)(2)(i)(A) to (R), in the
 * order the rule lists them.
 */
public enum SafeHarborIdentifier {
  /** (A) Names. */
  NAMES("names"),
  /** (B) Geographic subdivisions smaller than a state: street, city, county, ZIP code. */
  GEOGRAPHIC("geographic"),
  /**
   * (C) All elements of dates (except year) directly related to an individual, and ages over 89.
   */
  DATES("dates"),
  /** (D) Telephone numbers. */
  TELEPHONE("telephone"),
  /** (E) Fax numbers. */
  FAX("fax"),
  /** (F) Electronic mail addresses. */
  EMAIL("email"),
  /** (G) Social security numbers. */
  SSN("ssn"),
  /** (H) Medical record numbers. */
  MEDICAL_RECORD_NUMBER("medical-record-number"),
  /** (I) Health plan beneficiary numbers. */
  HEALTH_PLAN_NUMBER("health-plan-number"),
  /** (J) Account numbers. */
  ACCOUNT_NUMBER("account-number"),
  /** (K) Certificate and license numbers. */
  CERTIFICATE_NUMBER("certificate-number"),
  /** (L) Vehicle identifiers and serial numbers, license plates included. */
  VEHICLE_IDENTIFIER("vehicle-identifier"),
  /** (M) Device identifiers and serial numbers. */
  DEVICE_IDENTIFIER("device-identifier"),
  /** (N) Web universal resource locators. */
  URL("url"),
  /** (O) Internet protocol addresses. */
  IP_ADDRESS("ip-address"),
  /** (P) Biometric identifiers, finger and voice prints included. */
  BIOMETRIC("biometric"),
  /** (Q) Full-face photographs and comparable images. */
  PHOTOGRAPH("photograph"),
  /**
   * (R) Any other unique identifying number, characteristic or code (a source system's patient id,
   * a free text that may name the patient, a message that carries all of the above).
   */
  OTHER_UNIQUE_IDENTIFIER("other-unique-identifier");

  private final String code;

  SafeHarborIdentifier(String code) {
    this.code = code;
  }

  /** The word the classification file uses, e.g. {@code medical-record-number}. */
  public String code() {
    return code;
  }

  /** The letter of the identifier in the rule, (A) to (R). */
  public char letter() {
    return (char) ('A' + ordinal());
  }

  /** The identifier a word of the classification file names. */
  public static Optional<SafeHarborIdentifier> ofCode(String code) {
    return Arrays.stream(values()).filter(value -> value.code.equals(code)).findFirst();
  }
}
