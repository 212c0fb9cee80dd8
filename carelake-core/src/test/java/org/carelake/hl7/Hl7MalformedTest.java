package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Malformed messages of each kind get errors that locate the fault, and no records. */
class Hl7MalformedTest {
  private static final Hl7Reader READER = new Hl7Reader();

  private static Hl7Reading rejected(String text) {
    Hl7Reading reading = READER.read(text);
    assertThat(reading.isValid()).as("valid").isFalse();
    assertThat(reading.records()).isEqualTo(Hl7Records.NONE);
    return reading;
  }

  @Test
  void admitWithAnImpossibleBirthDateIsLocatedAtPid7() {
    Hl7Reading reading = rejected(Hl7Samples.adtA01().replace("|19800214|", "|2024-13-45|"));

    assertThat(reading.errorLines())
        .containsExactly("PID-7: '2024-13-45' is not a date (DTM, at least YYYYMMDD)");
  }

  @Test
  void admitWithAMonthThirteenIsLocatedAtPid7() {
    Hl7Reading reading = rejected(Hl7Samples.adtA01().replace("|19800214|", "|19801345|"));

    assertThat(reading.errorLines()).hasSize(1);
    assertThat(reading.errorLines().get(0)).startsWith("PID-7: '19801345' is not a date (DTM)");
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
  void diagnosisWithoutAnIcd10CodeIsLocatedAtItsSegmentOccurrence() {
    Hl7Reading reading =
        rejected(
            Hl7Samples.adtA01()
                .replace("I109^Essential hypertension^I10", "38341003^Hypertension^SCT"));

    assertThat(reading.errorLines())
        .containsExactly(
            "DG1[2]-3: no ICD-10-CM diagnosis code (coding system I10); silver requires one");
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

    assertThat(reading.errorLines()).hasSize(1);
    assertThat(reading.errorLines().get(0))
        .startsWith("TQ1-7: '20210230094000' is not a date/time (DTM)");
  }

  @Test
  void resultWithANonNumericValueOfTypeNmIsLocatedAtItsObservation() {
    Hl7Reading reading = rejected(Hl7Samples.oruR01().replace("|1.42|", "|1,42|"));

    assertThat(reading.errorLines()).containsExactly("OBX[3]-5: '1,42' is not a number (NM)");
  }

  @Test
  void resultWithoutOrderNumbersOrInstanceIdentifierIsLocatedAtObr3() {
    Hl7Reading reading =
        rejected(Hl7Samples.oruR01().replace("OBR|1|PL-4411|FL-9921^LAB|", "OBR|1|||"));

    assertThat(reading.errorLines())
        .contains(
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
}
