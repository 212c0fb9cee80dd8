package org.carelake.lake.fhir;

import org.carelake.core.CarelakeException;

/** Builds the user-facing errors of the lake's FHIR layer: problem, cause and fix. */
final class FhirLakeErrors {
  private FhirLakeErrors() {}

  static CarelakeException noFhirLayer(String path) {
    return new CarelakeException(
        "There is no FHIR layer at "
            + path
            + " to export; it is written by the pipeline's fhir steps after silver. Run 'carelake"
            + " run' (or 'carelake demo') first, or check lake.uri.");
  }
}
