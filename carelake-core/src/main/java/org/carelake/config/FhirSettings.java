package org.carelake.config;

/**
 * How the pipeline writes the FHIR layer.
 *
 * @param validationSample the fraction of written resources the validator checks, 0 to 1
 */
public record FhirSettings(double validationSample) {}
