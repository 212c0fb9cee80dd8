package org.carelake.fhir;

/**
 * One issue the FHIR validator reported about one resource: a data-quality finding.
 *
 * @param resourceType the resource's type, such as {@code Observation}; {@code Bundle} for an issue
 *     about the batch itself
 * @param id the resource's id; empty for an issue about the batch itself
 * @param severity how bad it is
 * @param location where in the resource, as a FHIRPath such as {@code
 *     Observation.valueQuantity.code}, with line and column of the JSON when the validator gives
 *     them
 * @param message the OperationOutcome's text for the issue
 */
public record ValidationFinding(
    String resourceType, String id, Severity severity, String location, String message) {

  /**
   * The severities of FHIR's OperationOutcome
   * (https://hl7.org/fhir/R4/valueset-issue-severity.html).
   */
  public enum Severity {
    /** Informational: an ICD-10-CM or LOINC code that cannot be checked offline, for example. */
    INFORMATION,
    /** A problem that does not make the resource invalid. */
    WARNING,
    /** The resource breaks a FHIR rule. */
    ERROR,
    /** The resource could not be read at all. */
    FATAL;

    /** Whether the severity is an error or worse. */
    public boolean isError() {
      return this == ERROR || this == FATAL;
    }
  }

  /** Whether the finding is an error or worse. */
  public boolean isError() {
    return severity.isError();
  }
}
