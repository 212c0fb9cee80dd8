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
 * @param slotEnd when the slot ends, UTC, when the source gave the end
 * @param placerAppointmentId the placer's appointment id ({@code id^namespace}), when given
 * @param fillerAppointmentId the filler's appointment id ({@code id^namespace}), when given
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
    Long encounterId,
    Instant slotEnd,
    String placerAppointmentId,
    String fillerAppointmentId) {

  /** An appointment without end and appointment ids (the database path's columns). */
  public Appointment(
      long appointmentId,
      long patientId,
      Long practitionerId,
      Long facilityId,
      Instant slotStart,
      Integer slotMinutes,
      String status,
      String reason,
      Long encounterId) {
    this(
        appointmentId,
        patientId,
        practitionerId,
        facilityId,
        slotStart,
        slotMinutes,
        status,
        reason,
        encounterId,
        null,
        null,
        null);
  }
}
