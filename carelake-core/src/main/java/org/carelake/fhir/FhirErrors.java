package org.carelake.fhir;

import java.util.List;
import org.carelake.core.CarelakeException;

/**
 * Builds the user-facing errors of FHIR mapping, validation and export; each message states the
 * problem, its cause and the fix, and never contains patient data.
 */
public final class FhirErrors {
  private FhirErrors() {}

  /** The HAPI FHIR validator could not be built. */
  public static CarelakeException validatorUnavailable(Exception cause) {
    return new CarelakeException(
        "The FHIR validator could not be built ("
            + cause.getMessage()
            + "); it needs the base R4 definitions of hapi-fhir-validation-resources-r4 and a"
            + " cache from hapi-fhir-caching-caffeine on the class path. Rebuild carelake, or set"
            + " fhir.validation-sample=0 to write FHIR resources without validating them.",
        cause);
  }

  /** A validation batch's result could not be read back. */
  public static CarelakeException validationFailed(int resources, Exception cause) {
    return new CarelakeException(
        "Validating a batch of "
            + resources
            + " FHIR resources failed ("
            + cause.getMessage()
            + "); the resources' JSON may not be well-formed. This is a bug in carelake's FHIR"
            + " mapping: report it with the resource types involved.",
        cause);
  }

  /** An unknown resource type was asked for. */
  public static CarelakeException unknownResourceType(String name, List<String> known) {
    return new CarelakeException(
        "'"
            + name
            + "' is not a FHIR resource type carelake writes; carelake writes "
            + String.join(", ", known)
            + ". Name the types with --types, separated by commas.");
  }

  /** A record of the wrong type was given to a mapping. */
  public static CarelakeException recordTypeMismatch(
      FhirType type, Class<?> expected, Class<?> given) {
    return new CarelakeException(
        "FHIR "
            + type.resourceType()
            + " resources are mapped from "
            + expected.getSimpleName()
            + " records, but a "
            + given.getSimpleName()
            + " was given; map each silver table with its own FhirType.");
  }
}
