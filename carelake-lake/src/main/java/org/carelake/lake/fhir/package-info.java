/**
 * FHIR out of the lake: {@link org.carelake.lake.fhir.FhirExport} writes the versioned FHIR
 * resources table as FHIR Bulk Data NDJSON. The layer that builds the table (mapping, validation,
 * the sink) is in {@code org.carelake.lake.internal.fhir}.
 */
package org.carelake.lake.fhir;
