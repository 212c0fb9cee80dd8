package org.carelake.fhir;

/**
 * A silver record mapped to FHIR and serialized.
 *
 * @param resourceType the FHIR resource type, such as {@code Observation}
 * @param id the resource id, derived from the business key ({@link FhirIds})
 * @param json the resource as compact JSON, without {@code meta}
 */
public record MappedResource(String resourceType, String id, String json) {}
