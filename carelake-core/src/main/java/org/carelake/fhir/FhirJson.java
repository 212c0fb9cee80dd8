package org.carelake.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * FHIR R4 JSON: the one {@link FhirContext} of the JVM and the serialization of resources.
 *
 * <p>A FhirContext costs about a second to build and scans the model classes on first use of each
 * type, so there is one per JVM ({@link FhirContext#forR4Cached()}); on Spark it is built once per
 * executor JVM, on first use. Parsers are cheap but not thread-safe, so each call makes its own.
 */
public final class FhirJson {
  private FhirJson() {}

  /** The JVM's R4 context, built on first use and shared by every thread. */
  public static FhirContext context() {
    return FhirContext.forR4Cached();
  }

  /**
   * Serializes a resource as compact JSON, elements in the order of the FHIR specification, so the
   * same resource always gives the same text.
   *
   * @param resource the resource
   * @return its JSON, starting with {@code {"resourceType":...,"id":...}}
   */
  public static String serialize(IBaseResource resource) {
    return parser().encodeResourceToString(resource);
  }

  /**
   * Adds {@code meta.versionId} and {@code meta.lastUpdated} to a resource's JSON, as written for
   * an export. The lake keeps a resource's JSON without them, so that comparing JSON tells whether
   * the resource changed.
   *
   * @param json a resource's JSON as {@link #serialize(IBaseResource)} writes it, without meta
   * @param versionId the version
   * @param lastUpdated when that version was written, ISO-8601 with zone
   * @return the JSON with meta after the id
   */
  public static String withMeta(String json, long versionId, String lastUpdated) {
    String meta =
        "\"meta\":{\"versionId\":\"" + versionId + "\",\"lastUpdated\":\"" + lastUpdated + "\"}";
    int idStart = json.indexOf(",\"id\":\"");
    if (idStart > 0 && !json.contains("\"meta\":")) {
      int idEnd = json.indexOf('"', idStart + 7);
      if (idEnd > 0) {
        return json.substring(0, idEnd + 1) + "," + meta + json.substring(idEnd + 1);
      }
    }
    IBaseResource resource = parser().parseResource(json);
    resource.getMeta().setVersionId(Long.toString(versionId));
    resource.getMeta().setLastUpdated(java.util.Date.from(java.time.Instant.parse(lastUpdated)));
    return serialize(resource);
  }

  private static IParser parser() {
    return context().newJsonParser().setPrettyPrint(false);
  }
}
