package org.carelake.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A medication order.
 *
 * @param prescriptionId the source's key
 * @param patientId the patient
 * @param encounterId the encounter it was written in, if any
 * @param rxnormCode the RxNorm concept (RXCUI)
 * @param drugName the drug's name as recorded
 * @param doseQuantity the dose amount
 * @param doseUnit the dose unit, UCUM where it maps
 * @param route route of administration as recorded (oral, IV, ...)
 * @param frequency dosing frequency as recorded (BID, q8h, ...)
 * @param startDate first day
 * @param endDate last day, if known
 * @param prescriberId the prescribing practitioner
 * @param status active, completed, stopped, ...
 */
public record Prescription(
    long prescriptionId,
    long patientId,
    Long encounterId,
    String rxnormCode,
    String drugName,
    BigDecimal doseQuantity,
    String doseUnit,
    String route,
    String frequency,
    LocalDate startDate,
    LocalDate endDate,
    Long prescriberId,
    String status) {}
