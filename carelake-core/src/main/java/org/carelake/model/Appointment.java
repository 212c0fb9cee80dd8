package org.carelake.model;

import java.time.Instant;

/**
 * A scheduled appointment.
 *
 * @param appointmentId the source's key
 * @param patientId the patient
 * @param practitionerId the practitioner seen
 * @param facilityId where
 * @param slotStart when the slot starts, UTC
 * @param slotMinutes the slot's length in minutes
 * @param status booked, arrived, fulfilled, cancelled or noshow (FHIR AppointmentStatus)
 * @param reason the reason as recorded
 * @param encounterId the encounter it led to, if any
 */
public record Appointment(
    long appointmentId,
    long patientId,
    Long practitionerId,
    Long facilityId,
    Instant slotStart,
    Integer slotMinutes,
    String status,
    String reason,
    Long encounterId) {}
