package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.carelake.model.Appointment;
import org.carelake.model.Diagnosis;
import org.carelake.model.Encounter;
import org.carelake.model.LabResult;
import org.carelake.model.Patient;
import org.carelake.model.Practitioner;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: each message type mapped field by field, citing the HL7 v2.5.1 definition of the
 * fields it checks.
 */
class Hl7ReaderTest {
  private static final Hl7Reader READER = new Hl7Reader();

  private static Hl7Reading valid(String text) {
    Hl7Reading reading = READER.read(text);
    assertThat(reading.errorLines()).as("errors of a valid message").isEmpty();
    return reading;
  }

  /**
   * ADT^A01 (Ch. 3.3.1). PID-3 Patient Identifier List (Ch. 3.4.2.3) with types MR and PI, PID-5
   * Patient Name (3.4.2.5), PID-7 Date/Time of Birth (3.4.2.7), PID-8 Administrative Sex (3.4.2.8),
   * PID-11 Patient Address (3.4.2.11), PID-13 Phone Number - Home (3.4.2.13), PID-19 SSN Number -
   * Patient (3.4.2.19).
   */
  @Test
  void admitMapsThePatientAsTheDatabasePathStoresIt() {
    Hl7Reading reading = valid(Hl7Samples.adtA01());

    assertThat(reading.header().controlId()).isEqualTo("ADT0001");
    assertThat(reading.sentAt()).contains(Instant.parse("2021-01-15T08:35:00Z"));
    assertThat(reading.records().patients())
        .containsExactly(
            new Patient(
                42,
                "00058290",
                "Maria",
                "Rivera",
                LocalDate.of(1980, 2, 14),
                "female",
                "12 Elm Street Apt 4",
                "Boston",
                "MA",
                "02108",
                "617-555-0142",
                "maria.rivera@example.com",
                "999-12-3456",
                null,
                null,
                null,
                "00058290^^^HARBORVIEW^MR~42^^^HARBORVIEW^PI"));
  }

  /**
   * ADT^A01 (Ch. 3.3.1). PV1-2 Patient Class (Ch. 3.4.3.2, table 0004), PV1-3.4 facility (3.4.3.3),
   * PV1-4 Admission Type (3.4.3.4, table 0007), PV1-7 Attending Doctor (3.4.3.7) with NPI and
   * provider number, PV1-19 Visit Number (3.4.3.19), PV1-44 Admit Date/Time (3.4.3.44).
   */
  @Test
  void admitMapsTheVisitToAnInpatientEncounterKeyedByTheVisitNumber() {
    Hl7Reading reading = valid(Hl7Samples.adtA01());

    assertThat(reading.records().encounters())
        .containsExactly(
            new Encounter(
                1001,
                42,
                "inpatient",
                Instant.parse("2021-01-15T08:30:00Z"),
                null,
                null,
                17L,
                3L,
                "emergency"));
    assertThat(reading.records().practitioners())
        .containsExactly(new Practitioner(17, "1234567893", "Kwame", "Osei", null, null));
  }

  /**
   * DG1-3 Diagnosis Code (Ch. 6.5.2.3) with coding system I10, DG1-5 Diagnosis Date/Time (6.5.2.5),
   * DG1-15 Diagnosis Priority (6.5.2.15), DG1-20 Diagnosis Identifier (6.5.2.20).
   */
  @Test
  void admitMapsEachDiagnosisWithItsIcd10ClassificationAndRank() {
    Hl7Reading reading = valid(Hl7Samples.adtA01());

    assertThat(reading.records().diagnoses()).hasSize(2);
    Diagnosis primary = reading.records().diagnoses().get(0);
    assertThat(primary)
        .isEqualTo(
            new Diagnosis(
                5001,
                1001,
                42L,
                "E11.9",
                "E119",
                "E11.9",
                "well_formed",
                4,
                primary.icd10ChapterTitle(),
                "primary",
                LocalDate.of(2021, 1, 15),
                null,
                "Type 2 diabetes mellitus without complications",
                "E11.9",
                "I10",
                null,
                "http://hl7.org/fhir/sid/icd-10-cm"));
    assertThat(primary.icd10ChapterTitle()).containsIgnoringCase("metabolic");
    Diagnosis secondary = reading.records().diagnoses().get(1);
    assertThat(secondary.icd10CodeDotted()).isEqualTo("I10.9");
    assertThat(secondary.diagnosisRank()).isEqualTo("secondary");
    assertThat(secondary.diagnosisId())
        .as("without DG1-20 the key is derived from the encounter and the code")
        .isGreaterThanOrEqualTo(Hl7Keys.DERIVED_BASE)
        .isEqualTo(valid(Hl7Samples.adtA01()).records().diagnoses().get(1).diagnosisId());
  }

  /** ADT^A03 (Ch. 3.3.3): PV1-45 Discharge Date/Time (3.4.3.45), PV1-36 Discharge Disposition. */
  @Test
  void dischargeSetsTheDischargeTimeAndMapsTheDispositionCode() {
    Hl7Reading reading = valid(Hl7Samples.adtA03());

    Encounter encounter = reading.records().encounters().get(0);
    assertThat(encounter.dischargeTime()).isEqualTo(Instant.parse("2021-01-19T10:00:00Z"));
    assertThat(encounter.dischargeDisposition()).isEqualTo("home");
    assertThat(reading.sentAt()).contains(Instant.parse("2021-01-19T10:15:00Z"));
  }

  /**
   * ADT^A04 (Ch. 3.3.4), parsed with the ADT_A01 structure: PV1-2 O is outpatient; a DTM with an
   * offset (Ch. 2.A.22) is converted to UTC.
   */
  @Test
  void registrationMapsAnOutpatientVisitAndConvertsTheOffsetToUtc() {
    Hl7Reading reading = valid(Hl7Samples.adtA04());

    Encounter encounter = reading.records().encounters().get(0);
    assertThat(encounter.encounterClass()).isEqualTo("outpatient");
    assertThat(encounter.admitTime()).isEqualTo(Instant.parse("2021-01-15T13:30:00Z"));
    assertThat(encounter.facilityId()).isEqualTo(7L);
  }

  /** ADT^A08 (Ch. 3.3.8): the updated PID-11 address replaces the old one. */
  @Test
  void updateCarriesTheChangedAddress() {
    Patient patient = valid(Hl7Samples.adtA08()).records().patients().get(0);

    assertThat(patient.patientId()).isEqualTo(42);
    assertThat(patient.addressLine()).isEqualTo("400 Oak Avenue");
    assertThat(patient.city()).isEqualTo("Worcester");
    assertThat(patient.zip()).isEqualTo("01602");
  }

  /**
   * SIU^S12 (Ch. 10.4.1): SCH-2 Filler Appointment ID (10.6.2.2), SCH-7 Appointment Reason
   * (10.6.2.7), SCH-25 Filler Status Code (10.6.2.25, table 0278), TQ1-7 Start Date/Time (4.5.4.7),
   * TQ1-13 Occurrence Duration (4.5.4.13), AIP-3 Personnel Resource ID (10.6.7.3), AIL-3 Location
   * Resource ID (10.6.6.3).
   */
  @Test
  void bookedAppointmentMapsEverySchedulingField() {
    Hl7Reading reading = valid(Hl7Samples.siuS12());

    assertThat(reading.records().appointments())
        .containsExactly(
            new Appointment(
                7001,
                42,
                17L,
                5L,
                Instant.parse("2021-03-01T09:40:00Z"),
                30,
                "booked",
                "Follow-up visit",
                null,
                null,
                "PL-881^CLINIC",
                "7001^CARELAKE"));
    assertThat(reading.records().patients())
        .as("the patient the appointment names, so that it points at a patient silver holds")
        .extracting(Patient::patientId, Patient::mrn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(42L, "00058290"));
  }

  /**
   * SIU^S14 (Ch. 10.4.3) without TQ1: the start comes from SCH-11.4 (10.6.2.11) and the length from
   * SCH-9 Appointment Duration with SCH-10 units (10.6.2.9, 10.6.2.10).
   */
  @Test
  void modifiedAppointmentTakesTheStartFromTheTimingQuantityWhenThereIsNoTq1() {
    Appointment appointment = valid(Hl7Samples.siuS14()).records().appointments().get(0);

    assertThat(appointment.appointmentId()).isEqualTo(7001);
    assertThat(appointment.slotStart()).isEqualTo(Instant.parse("2021-03-02T14:00:00Z"));
    assertThat(appointment.slotMinutes()).isEqualTo(20);
    assertThat(appointment.status()).isEqualTo("booked");
  }

  /** SIU^S15 (Ch. 10.4.4) with an empty SCH-25: the trigger cancels the appointment. */
  @Test
  void cancelledAppointmentIsCancelledEvenWithoutAFillerStatus() {
    Appointment appointment = valid(Hl7Samples.siuS15()).records().appointments().get(0);

    assertThat(appointment.status()).isEqualTo("cancelled");
    assertThat(appointment.practitionerId()).isNull();
    assertThat(appointment.facilityId()).isEqualTo(5L);
  }

  /**
   * ORU^R01 (Ch. 7.3.1): OBX-2 Value Type (7.4.2.2), OBX-3 Observation Identifier in LN (7.4.2.3),
   * OBX-5 Observation Value (7.4.2.5), OBX-6 Units (7.4.2.6), OBX-7 References Range (7.4.2.7),
   * OBX-8 Abnormal Flags (7.4.2.8), OBX-14 Date/Time of the Observation (7.4.2.14), OBR-7
   * Observation Date/Time (7.4.1.7), OBR-22 Results Rpt/Status Chng (7.4.1.22).
   */
  @Test
  void resultMapsOneLabResultPerObservation() {
    Hl7Reading reading = valid(Hl7Samples.oruR01());

    assertThat(reading.records().labResults()).hasSize(3);
    LabResult glucose = reading.records().labResults().get(0);
    assertThat(glucose)
        .isEqualTo(
            new LabResult(
                glucose.labResultId(),
                42,
                1001L,
                "2345-7",
                "Glucose",
                new BigDecimal("95"),
                null,
                "mg/dL",
                new BigDecimal("70"),
                new BigDecimal("99"),
                "70-99",
                "N",
                Instant.parse("2021-01-15T09:15:00Z"),
                Instant.parse("2021-01-15T12:00:00Z")));
    assertThat(glucose.labResultId()).isGreaterThanOrEqualTo(Hl7Keys.DERIVED_BASE);
  }

  /** OBX-5 of type SN (Ch. 2.A.72) with a comparator is text; OBX-7 '<0.04' is a high bound. */
  @Test
  void structuredNumericWithAComparatorIsKeptAsText() {
    LabResult troponin = valid(Hl7Samples.oruR01()).records().labResults().get(1);

    assertThat(troponin.valueNumeric()).isNull();
    assertThat(troponin.valueText()).isEqualTo("<0.01");
    assertThat(troponin.referenceLow()).isNull();
    assertThat(troponin.referenceHigh()).isEqualByComparingTo("0.04");
    assertThat(troponin.collectedAt())
        .as("without OBX-14 the collection time is OBR-7")
        .isEqualTo(Instant.parse("2021-01-15T09:10:00Z"));
  }

  /** OBX-21 Observation Instance Identifier (v2.6 Ch. 7.4.2.21) keys the result when numeric. */
  @Test
  void observationInstanceIdentifierKeysTheResult() {
    LabResult creatinine = valid(Hl7Samples.oruR01()).records().labResults().get(2);

    assertThat(creatinine.labResultId()).isEqualTo(9001);
    assertThat(creatinine.referenceLow()).isEqualByComparingTo("0.6");
    assertThat(creatinine.referenceHigh()).isEqualByComparingTo("1.2");
    assertThat(creatinine.abnormalFlag()).isEqualTo("H");
  }
}
