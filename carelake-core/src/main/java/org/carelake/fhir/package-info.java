/**
 * FHIR R4: the silver records of {@link org.carelake.model} mapped to HAPI FHIR resources, their
 * JSON, and offline validation with the HAPI FHIR validator.
 *
 * <p>Resource ids are derived from the source's business keys ({@link FhirIds}), so the same silver
 * row always gives the same id, and references between resources of one export resolve. Codes carry
 * canonical system URIs ({@link FhirSystems}). Nothing here needs Spark: the lake's FHIR stage
 * calls {@link FhirType#toJson(Record)} inside its partitions.
 */
package org.carelake.fhir;
