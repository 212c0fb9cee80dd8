package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import org.carelake.model.LabResult;
import org.junit.jupiter.api.Test;

/**
 * Malformed messages of each kind get errors that locate the fault without quoting the value: a
 * fault of what keys the message (patient, visit, appointment) costs the message; a fault of one
 * DG1 or OBX costs that record alone.
 */
class Hl7MalformedTest {
  private static final Hl7Reader READER = new Hl7Reader();

  private static Hl7Reading rejected(String text) {
    Hl7Reading reading = READER.read(text);
    assertThat(reading.isValid()).as("valid").isFalse();
    assertThat(reading.records()).isEqualTo(Hl7Records.NONE);
    return reading;
  }

  private static Hl7Rejection oneRejected(String text) {
    Hl7Reading reading = READER.read(text);
    assertThat(reading.isValid()).as("valid").isTrue();
    assertThat(reading.records().rejected()).hasSize(1);
    return reading.records().rejected().get(0);
  }

  /**
   * PID-7 (HL7 v2.5.1 Ch. 3.4.2.7) that is not a date costs neither the message nor the patient
   * here: the patient maps without the date, and the text travels to silver, whose declared rule
   * PAT-003 quarantines the patient as it does a database registration with such a date.
   */
  @Test
  void admitWithAnImpossibleBirthDateMapsAndLeavesTheTextAtPid7ForSilversRule() {
    Hl7Reading reading = READER.read(Hl7Samples.adtA01().replace("|19800214|", "|2024-13-45|"));

    assertThat(reading.errorLines()).isEmpty();
    assertThat(reading.records().patients())
        .singleElement()
        .satisfies(patient -> assertThat(patient.birthDate()).isNull());
    assertThat(reading.records().encounters()).as("the visit still maps").isNotEmpty();
    assertThat(reading.records().unparsed())
        .containsExactly(
            new Hl7Unparsed(
                "patients",
                reading.records().patients().get(0).patientId(),
                "birth_date",
                "PID-7",
                "2024-13-45"));
  }

  @Test
  void admitWithAMonthThirteenLeavesTheTextAtPid7ForSilversRule() {
    Hl7Reading reading = READER.read(Hl7Samples.adtA01().replace("|19800214|", "|19801345|"));

    assertThat(reading.isValid()).isTrue();
    assertThat(reading.records().unparsed())
        .singleElement()
        .satisfies(
            value -> {
              assertThat(value.location()).isEqualTo("PID-7");
              assertThat(value.asSent()).isEqualTo("19801345");
            });
  }

  @Test
  void admitWithoutAMedicalRecordNumberIsLocatedAtPid3() {
    Hl7Reading reading =
        rejected(
            Hl7Samples.adtA01()
                .replace(
                    "00058290^^^HARBORVIEW^MR~42^^^HARBORVIEW^PI", "42^^^HARBORVIEW^PI~7^^^X^PI"));

    assertThat(reading.errorLines())
        .containsExactly(
            "PID-3: no identifier with type code MR (medical record number, table 0203); carelake"
                + " keys patients by MRN");
  }

  @Test
  void dischargeWithoutADischargeTimeIsLocatedAtPv145() {
    Hl7Reading reading = rejected(Hl7Samples.adtA03().replace("|20210119100000", "|"));

    assertThat(reading.errorLines())
        .containsExactly("PV1-45: discharge date/time is missing; ADT^A03 is a discharge");
  }

  @Test
  void dischargeBeforeAdmitIsLocatedAtPv145() {
    Hl7Reading reading =
        rejected(Hl7Samples.adtA03().replace("|20210119100000", "|20210114100000"));

    assertThat(reading.errorLines())
        .containsExactly("PV1-45: discharge date/time is before the admit date/time PV1-44");
  }

  @Test
  void diagnosisWithoutACodeRejectsThatDiagnosisAloneLocatedAtItsSegmentOccurrence() {
    Hl7Reading reading =
        READER.read(Hl7Samples.adtA01().replace("I109^Essential hypertension^I10", ""));

    assertThat(reading.isValid()).isTrue();
    assertThat(reading.records().patients()).hasSize(1);
    assertThat(reading.records().encounters()).hasSize(1);
    assertThat(reading.records().diagnoses()).hasSize(1);
    assertThat(reading.records().rejected())
        .singleElement()
        .satisfies(
            rejection -> {
              assertThat(rejection.entity()).isEqualTo("diagnoses");
              assertThat(rejection.segment()).isEqualTo("DG1[2]");
              assertThat(rejection.reasonLines())
                  .containsExactly(
                      "DG1[2]-3.1: diagnosis code is missing (DG1-3.1 and DG1-3.4 are empty); a"
                          + " diagnosis needs a code");
            });
  }

  @Test
  void appointmentWithoutAnyAppointmentIdIsLocatedAtSch2() {
    Hl7Reading reading =
        rejected(Hl7Samples.siuS12().replace("SCH|PL-881^CLINIC|7001^CARELAKE|", "SCH|||"));

    assertThat(reading.errorLines())
        .containsExactly(
            "SCH-2: neither SCH-2 filler nor SCH-1 placer appointment ID is given; one is needed"
                + " to key the appointment");
  }

  @Test
  void appointmentWithABadStartIsLocatedAtTq17() {
    Hl7Reading reading =
        rejected(Hl7Samples.siuS12().replace("||||||20210301094000|", "||||||20210230094000|"));

    assertThat(reading.errorLines())
        .containsExactly("TQ1-7: not a valid date/time (DTM): a part is out of range");
  }

  @Test
  void resultWithANonNumericValueOfTypeNmRejectsThatResultAloneLocatedAtItsObservation() {
    Hl7Rejection rejection = oneRejected(Hl7Samples.oruR01().replace("|1.42|", "|1,42|"));

    assertThat(rejection.entity()).isEqualTo("lab_results");
    assertThat(rejection.reasonLines()).containsExactly("OBX[3]-5: not a number (NM)");
  }

  @Test
  void resultsWithoutOrderNumbersOrInstanceIdentifierAreRejectedLocatedAtObr3() {
    Hl7Reading reading =
        READER.read(Hl7Samples.oruR01().replace("OBR|1|PL-4411|FL-9921^LAB|", "OBR|1|||"));

    assertThat(reading.isValid()).isTrue();
    assertThat(reading.records().labResults())
        .as("OBX[3] carries OBX-21, so it is keyed")
        .extracting(LabResult::labResultId)
        .containsExactly(9001L);
    assertThat(reading.records().rejected())
        .extracting(Hl7Rejection::segment)
        .containsExactly("OBX[1]", "OBX[2]");
    assertThat(reading.records().rejected().get(0).reasonLines())
        .containsExactly(
            "OBR-3: neither OBR-3 filler nor OBR-2 placer order number is given, and OBX-21"
                + " carries no numeric instance identifier; one is needed to key the result");
  }

  @Test
  void unsupportedMessageTypeIsLocatedAtMsh9() {
    Hl7Reading reading =
        rejected(Hl7Samples.adtA01().replace("ADT^A01^ADT_A01", "ADT^A05^ADT_A05"));

    assertThat(reading.errorLines())
        .containsExactly(
            "MSH-9: 'ADT^A05' is not a message type carelake maps; it maps ADT^A01, A03, A04,"
                + " A08, SIU^S12, S14, S15 and ORU^R01");
    assertThat(reading.header().controlId()).isEqualTo("ADT0001");
  }

  @Test
  void messageWithoutItsTimeIsLocatedAtMsh7() {
    Hl7Reading reading = rejected(Hl7Samples.adtA01().replace("20210115083500||ADT", "||ADT"));

    assertThat(reading.errorLines())
        .containsExactly(
            "MSH-7: date/time of message is missing; silver orders versions of a record by it");
  }

  @Test
  void wrongFieldFormatsOutsideTheMappedFieldsAreWarningsNotErrors() {
    Hl7Reading reading =
        READER.read(Hl7Samples.adtA01().replace("EVN|A01|20210115083500", "EVN|A01|yesterday"));

    assertThat(reading.errorLines()).isEmpty();
    assertThat(reading.warnings()).extracting(Hl7Problem::location).contains("EVN-2.1");
  }

  /** An MSH cut right after MSH-1 has no encoding characters (v2.5.1 Ch. 2.14.9.2). */
  @Test
  void aHeaderCutAfterItsFieldSeparatorIsAnErrorNotACrash() {
    Hl7Reading reading = rejected("MSH|\rPID|1||M-000451^^^NORTHSIDE^MR\r");

    assertThat(reading.errorLines())
        .singleElement()
        .asString()
        .startsWith("message: the message does not start with an MSH segment");
  }
}
