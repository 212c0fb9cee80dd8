/**
 * The lake's FHIR layer: silver rows mapped to FHIR R4 JSON ({@link
 * org.carelake.lake.fhir.FhirStage}), validated ({@link
 * org.carelake.lake.fhir.FhirValidationStage}), kept versioned in one Delta table ({@link
 * org.carelake.lake.fhir.FhirSink}, orchestrated per resource type by {@link
 * org.carelake.lake.fhir.FhirSync}) and exported as FHIR Bulk Data NDJSON ({@link
 * org.carelake.lake.fhir.FhirExport}).
 */
package org.carelake.lake.fhir;
