package org.carelake.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An observation that is not a laboratory result: a vital sign, a survey answer, a social-history
 * finding, an exam finding.
 *
 * @param observationId the source's key
 * @param patientId the patient
 * @param encounterId the encounter, if any
 * @param category the FHIR observation category code, such as {@code vital-signs} or {@code
 *     survey}; null when the source gave none
 * @param codeSystem the code's system as a canonical URI ({@code http://loinc.org}); null when
 *     unknown
 * @param code the code, such as the LOINC code {@code 8867-4}
 * @param description the observation's name as recorded
 * @param valueNumeric the numeric value, when numeric
 * @param valueText the value as text, when not numeric
 * @param unit the unit, UCUM
 * @param effectiveAt when the observation was made, UTC
 */
public record Observation(
    long observationId,
    long patientId,
    Long encounterId,
    String category,
    String codeSystem,
    String code,
    String description,
    BigDecimal valueNumeric,
    String valueText,
    String unit,
    Instant effectiveAt) {}
