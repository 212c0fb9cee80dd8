package org.carelake.fhir;

/** The base URL carelake's resources are addressed under in Bundles and export manifests. */
public final class FhirExportUrls {
  /**
   * A base that names the lake's FHIR layer. It is not served: it only makes the relative
   * references of the resources ({@code Patient/patient-1}) resolve against entries' full URLs.
   */
  public static final String BASE = "https://fhir.carelake.invalid/r4/";

  private FhirExportUrls() {}

  /** The full URL of a resource under {@link #BASE}. */
  public static String fullUrl(String resourceType, String id) {
    return BASE + resourceType + "/" + id;
  }
}
