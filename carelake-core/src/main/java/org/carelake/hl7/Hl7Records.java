package org.carelake.hl7;

import java.util.List;
import org.carelake.model.Appointment;
import org.carelake.model.Diagnosis;
import org.carelake.model.Encounter;
import org.carelake.model.LabResult;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;

/**
 * The silver entities one message maps to.
 *
 * <p>ADT gives the patient, the encounter (when PV1 carries a visit number) and its diagnoses; SIU
 * gives the appointment; ORU gives one lab result per OBX, or per run of text lines. SIU and ORU
 * also give the patient their PID names, so that their appointments and results never point at a
 * patient silver does not hold; such a PID is often sparse, so silver merges patients field by
 * field and a sparse record never replaces a fuller one with nulls. Practitioners are the ones the
 * message names (PV1-7, AIP-3), with the key and NPI it gives.
 *
 * @param patients patients registered or updated
 * @param encounters encounters
 * @param diagnoses diagnoses of the encounters
 * @param appointments appointments
 * @param labResults lab results
 * @param practitioners practitioners referenced
 * @param rejected records of the message that could not be mapped, each bound for quarantine with
 *     its located reasons while the rest of the message maps
 * @param unparsed values of mapped records that are not of their field's type, which silver's
 *     declared rules judge (a birth date that is not a date)
 */
public record Hl7Records(
    List<Patient> patients,
    List<Encounter> encounters,
    List<Diagnosis> diagnoses,
    List<Appointment> appointments,
    List<LabResult> labResults,
    List<Practitioner> practitioners,
    List<Hl7Rejection> rejected,
    List<Hl7Unparsed> unparsed) {

  /** No records. */
  public static final Hl7Records NONE =
      new Hl7Records(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  /** Records whose values are all of their fields' types. */
  public Hl7Records(
      List<Patient> patients,
      List<Encounter> encounters,
      List<Diagnosis> diagnoses,
      List<Appointment> appointments,
      List<LabResult> labResults,
      List<Practitioner> practitioners,
      List<Hl7Rejection> rejected) {
    this(
        patients,
        encounters,
        diagnoses,
        appointments,
        labResults,
        practitioners,
        rejected,
        List.of());
  }

  /** Records with nothing rejected. */
  public Hl7Records(
      List<Patient> patients,
      List<Encounter> encounters,
      List<Diagnosis> diagnoses,
      List<Appointment> appointments,
      List<LabResult> labResults,
      List<Practitioner> practitioners) {
    this(patients, encounters, diagnoses, appointments, labResults, practitioners, List.of());
  }

  /** Copies the lists, so the records cannot change. */
  public Hl7Records {
    patients = List.copyOf(patients);
    encounters = List.copyOf(encounters);
    diagnoses = List.copyOf(diagnoses);
    appointments = List.copyOf(appointments);
    labResults = List.copyOf(labResults);
    practitioners = List.copyOf(practitioners);
    rejected = List.copyOf(rejected);
    unparsed = List.copyOf(unparsed);
  }

  /** How many records in all, the rejected ones included. */
  public int size() {
    return patients.size()
        + encounters.size()
        + diagnoses.size()
        + appointments.size()
        + labResults.size()
        + practitioners.size()
        + rejected.size();
  }
}
