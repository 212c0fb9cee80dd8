package org.carelake.model;

/**
 * A practitioner.
 *
 * @param practitionerId the source's key
 * @param npi the US National Provider Identifier (10 digits, Luhn check digit)
 * @param givenName given name
 * @param familyName family name
 * @param specialty free-text specialty as recorded
 * @param organizationId the organization the practitioner works for
 */
public record Practitioner(
    long practitionerId,
    String npi,
    String givenName,
    String familyName,
    String specialty,
    Long organizationId) {}
