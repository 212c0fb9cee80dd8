package org.carelake.fhir;

import java.util.Locale;

/**
 * Resource ids derived from business keys: {@code <resource type in lower case>-<source key>}, such
 * as {@code patient-1042}, {@code encounter-77} or {@code medicationrequest-5}.
 *
 * <p>Why this form and not a name-based UUID: the id is stable (the same silver row always gives
 * the same id, in every run and every export), it is readable when tracing a resource back to its
 * source row, and it is computed without a lookup, so a resource can reference another that is
 * mapped on another executor. It satisfies FHIR's id syntax ({@code [A-Za-z0-9\-\.]{1,64}},
 * https://hl7.org/fhir/R4/datatypes.html#id). It carries the source's surrogate key only, never a
 * medical record number or any other identifier of the patient.
 */
public final class FhirIds {
  private FhirIds() {}

  /**
   * The id of a resource.
   *
   * @param resourceType the FHIR resource type, such as {@code Patient}
   * @param key the source's business key
   * @return the id, such as {@code patient-1042}
   */
  public static String of(String resourceType, long key) {
    return resourceType.toLowerCase(Locale.ROOT) + "-" + key;
  }

  /**
   * A relative reference to a resource, such as {@code Patient/patient-1042}.
   *
   * @param resourceType the FHIR resource type
   * @param key the source's business key
   * @return the reference
   */
  public static String reference(String resourceType, long key) {
    return resourceType + "/" + of(resourceType, key);
  }
}
