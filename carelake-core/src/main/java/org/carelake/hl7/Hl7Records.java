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
 * gives the appointment; ORU gives one lab result per OBX. Demographics come from ADT only: the PID
 * of an SIU or ORU message identifies the patient but is often sparse, and a newer sparse PID must
 * not replace a fuller registration in silver. Practitioners are the ones the message names (PV1-7,
 * AIP-3), with the key and NPI it gives.
 *
 * @param patients patients registered or updated
 * @param encounters encounters
 * @param diagnoses diagnoses of the encounters
 * @param appointments appointments
 * @param labResults lab results
 * @param practitioners practitioners referenced
 */
public record Hl7Records(
    List<Patient> patients,
    List<Encounter> encounters,
    List<Diagnosis> diagnoses,
    List<Appointment> appointments,
    List<LabResult> labResults,
    List<Practitioner> practitioners) {

  /** No records. */
  public static final Hl7Records NONE =
      new Hl7Records(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  /** Copies the lists, so the records cannot change. */
  public Hl7Records {
    patients = List.copyOf(patients);
    encounters = List.copyOf(encounters);
    diagnoses = List.copyOf(diagnoses);
    appointments = List.copyOf(appointments);
    labResults = List.copyOf(labResults);
    practitioners = List.copyOf(practitioners);
  }

  /** How many records in all. */
  public int size() {
    return patients.size()
        + encounters.size()
        + diagnoses.size()
        + appointments.size()
        + labResults.size()
        + practitioners.size();
  }
}
