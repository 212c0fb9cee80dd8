package org.carelake.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A laboratory result.
 *
 * @param labResultId the source's key
 * @param patientId the patient
 * @param encounterId the encounter, if any
 * @param loincCode the LOINC code (with check digit, e.g. 2345-7)
 * @param testName the test's name as recorded
 * @param valueNumeric the numeric value, when numeric
 * @param valueText the value as text, when not numeric
 * @param unit the unit, UCUM
 * @param referenceLow low end of the reference range
 * @param referenceHigh high end of the reference range
 * @param referenceRange the reference range as recorded
 * @param abnormalFlag HL7 v2 table 0078 interpretation: N, L, H, LL, HH, A
 * @param collectedAt when the specimen was collected, UTC
 * @param resultedAt when the result was released, UTC
 */
public record LabResult(
    long labResultId,
    long patientId,
    Long encounterId,
    String loincCode,
    String testName,
    BigDecimal valueNumeric,
    String valueText,
    String unit,
    BigDecimal referenceLow,
    BigDecimal referenceHigh,
    String referenceRange,
    String abnormalFlag,
    Instant collectedAt,
    Instant resultedAt) {}
