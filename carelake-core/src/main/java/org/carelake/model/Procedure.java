package org.carelake.model;

import java.time.Instant;

/**
 * A procedure performed on a patient.
 *
 * @param procedureId the source's key
 * @param patientId the patient
 * @param encounterId the encounter, if any
 * @param codeSystem the code's system as a canonical URI ({@code http://snomed.info/sct}); null
 *     when unknown
 * @param code the procedure's code
 * @param description the procedure as recorded
 * @param performedAt when it began, UTC
 * @param performedEnd when it ended, UTC; null when not recorded
 * @param reasonCode the code of the condition that motivated it, as the source coded it
 */
public record Procedure(
    long procedureId,
    long patientId,
    Long encounterId,
    String codeSystem,
    String code,
    String description,
    Instant performedAt,
    Instant performedEnd,
    String reasonCode) {}
