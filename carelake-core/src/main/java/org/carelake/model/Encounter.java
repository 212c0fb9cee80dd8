package org.carelake.model;

import java.time.Instant;

/**
 * An encounter or admission.
 *
 * @param encounterId the source's key
 * @param patientId the patient
 * @param encounterClass inpatient, outpatient, emergency or virtual
 * @param admitTime when it started, UTC
 * @param dischargeTime when it ended, UTC; null while in progress
 * @param dischargeDisposition free-text disposition as recorded (inpatient and emergency)
 * @param attendingPractitionerId the attending practitioner
 * @param facilityId where it happened
 * @param admissionType emergency, urgent or elective (inpatient only)
 */
public record Encounter(
    long encounterId,
    long patientId,
    String encounterClass,
    Instant admitTime,
    Instant dischargeTime,
    String dischargeDisposition,
    Long attendingPractitionerId,
    Long facilityId,
    String admissionType) {}
