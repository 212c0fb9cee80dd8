/**
 * The lake's FHIR layer: silver rows mapped to FHIR R4 JSON ({@link
 * org.carelake.lake.internal.fhir.FhirStage}), validated ({@link
 * org.carelake.lake.internal.fhir.FhirValidationStage}), kept versioned in one Delta table ({@link
 * org.carelake.lake.internal.fhir.FhirSink}, orchestrated per resource type by {@link
 * org.carelake.lake.internal.fhir.FhirSync}) and exported as FHIR Bulk Data NDJSON by the API's
 * {@link org.carelake.lake.fhir.FhirExport}.
 */
package org.carelake.lake.internal.fhir;
