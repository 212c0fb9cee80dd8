package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Kafka key of a message is the MRN from PID-3 (HL7 v2.5.1 Ch. 3.4.2.3: the repetition with
 * identifier type MR, table 0203), read with the delimiters MSH-1 and MSH-2 declare (Ch. 2.5.4),
 * else MSH-10.
 */
class Hl7PatientKeyTest {
  private static String msh(String version) {
    return "MSH|^~\\&|REG|NORTHSIDE|LAKE|CARELAKE|20240301101500||ADT^A01^ADT_A01|CTRL-17|P|"
        + version;
  }

  @Test
  void theMrnIsTheRepetitionOfTypeMrWhateverItsPosition() {
    String message =
        msh("2.5.1")
            + "\rEVN|A01|20240301101500\rPID|1||7731^^^NORTHSIDE^PI~M-000451^^^NORTHSIDE^MR||"
            + "Lind^Ada\r";

    assertThat(Hl7PatientKey.of(message)).contains("M-000451");
  }

  @Test
  void everyVersionFromTwoThreeToTwoEightGivesTheSameKey() {
    for (String version :
        new String[] {"2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8"}) {
      String message = msh(version) + "\rPID|1||M-000451^^^NORTHSIDE^MR||Lind^Ada\rPV1|1|I\r";

      assertThat(Hl7PatientKey.of(message)).as(version).contains("M-000451");
    }
  }

  @Test
  void aPidWithoutIdentifierTypesTakesTheFirstId() {
    String message = msh("2.3") + "\rPID|1|OLD-9|M-000452||Lind^Ada\r";

    assertThat(Hl7PatientKey.of(message)).contains("M-000452");
  }

  @Test
  void customDelimitersDeclaredInTheHeaderAreHonoured() {
    String message =
        "MSH#@*$%#REG#NORTHSIDE#LAKE#CARELAKE#20240301101500##ORU@R01@ORU_R01#CTRL-18#P#2.4\n"
            + "PID#1##77@@@NORTHSIDE@PI*M-000453@@@NORTHSIDE@MR##Lind@Ada\n"
            + "OBR#1\n";

    assertThat(Hl7PatientKey.of(message)).contains("M-000453");
  }

  @Test
  void aMessageWithoutPidIsKeyedByItsControlId() {
    String message =
        "MSH|^~\\&|SCHED|NORTHSIDE|LAKE|CARELAKE|20240301101500||SIU^S12|SIU-0042|P|2.8\r"
            + "SCH|A-77^SCHED\r";

    assertThat(Hl7PatientKey.of(message)).contains("SIU-0042");
    assertThat(Hl7PatientKey.mrn(message)).isEmpty();
  }

  @Test
  void anEmptyPid3FallsBackToTheControlId() {
    String message = msh("2.6") + "\rPID|1||^^^NORTHSIDE^MR||Lind^Ada\r";

    assertThat(Hl7PatientKey.of(message)).contains("CTRL-17");
  }

  @Test
  void aPidLikeNameInsideAnotherSegmentIsNotAPid() {
    String message = msh("2.5") + "\rPIDX|1||WRONG\rZPD|PID|1||WRONG\r";

    assertThat(Hl7PatientKey.of(message)).contains("CTRL-17");
  }

  @Test
  void textThatIsNotHl7HasNoKey() {
    assertThat(Hl7PatientKey.of("hello, world")).isEmpty();
    assertThat(Hl7PatientKey.of("")).isEmpty();
    assertThat(Hl7PatientKey.of("MSH")).isEmpty();
  }
}
