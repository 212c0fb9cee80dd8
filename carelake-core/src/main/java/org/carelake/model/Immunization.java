package org.carelake.model;

import java.time.Instant;

/**
 * A vaccine given.
 *
 * @param immunizationId the source's key
 * @param patientId the patient
 * @param encounterId the encounter, if any
 * @param cvxCode the CDC vaccine code (CVX)
 * @param description the vaccine as recorded
 * @param administeredAt when it was given, UTC
 */
public record Immunization(
    long immunizationId,
    long patientId,
    Long encounterId,
    String cvxCode,
    String description,
    Instant administeredAt) {}
