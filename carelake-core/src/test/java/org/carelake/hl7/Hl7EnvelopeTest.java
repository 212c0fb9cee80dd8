package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.carelake.hl7.Hl7Acknowledgement.Code;
import org.carelake.hl7.Hl7Acknowledgement.Condition;
import org.carelake.hl7.Hl7Acknowledgement.Refusal;
import org.carelake.hl7.Hl7Envelope.Checked;
import org.junit.jupiter.api.Test;

/**
 * A receiver's checks of HL7 v2.5.1 Ch. 2.9.2.1: a faulty MSH is rejected (AR), a body that is not
 * well-formed is an error (AE), each located (table 0357 codes).
 */
class Hl7EnvelopeTest {
  private static final Set<String> TYPES = Set.of("ADT", "SIU", "ORU");

  private static String message(String type, String version) {
    return "MSH|^~\\&|REG|NORTHSIDE|LAKE|CARELAKE|20240301101500||"
        + type
        + "|CTRL-17|P|"
        + version
        + "\rEVN|A01|20240301101500\rPID|1||M-000451^^^NORTHSIDE^MR||Lind^Ada\r";
  }

  private static Refusal refusal(String text) {
    Checked checked = Hl7Envelope.check(text, TYPES);
    assertThat(checked.accepted()).as("accepted").isFalse();
    return checked.refusal().orElseThrow();
  }

  @Test
  void aWellFormedMessageOfEachVersionIsAccepted() {
    for (String version : Hl7Envelope.VERSIONS) {
      Checked checked = Hl7Envelope.check(message("ADT^A01^ADT_A01", version), TYPES);

      assertThat(checked.accepted()).as(version).isTrue();
      assertThat(checked.envelope())
          .isEqualTo(new Hl7Envelope("CTRL-17", "ADT", "A01", version, 3));
    }
  }

  @Test
  void anUnsupportedTypeIsRejectedAtMsh9() {
    Refusal refusal = refusal(message("ORM^O01", "2.5.1"));

    assertThat(refusal.code()).isEqualTo(Code.AR);
    assertThat(refusal.condition()).isEqualTo(Condition.UNSUPPORTED_MESSAGE_TYPE);
    assertThat(refusal)
        .hasToString(
            "AR 200 MSH-9.1: message type 'ORM' is not accepted here; carelake accepts ADT, ORU,"
                + " SIU");
  }

  @Test
  void anUnsupportedVersionIsRejectedAtMsh12() {
    assertThat(refusal(message("ADT^A01", "2.9")))
        .hasToString(
            "AR 203 MSH-12: version '2.9' is not accepted; carelake reads HL7 v2.3 to v2.8 (2.3,"
                + " 2.3.1, 2.4, 2.5, 2.5.1, 2.6, 2.7, 2.7.1, 2.8, 2.8.1, 2.8.2)");
    assertThat(refusal(message("ADT^A01", "Lind Ada")).reason())
        .contains("version (a value of 8 characters that is not a code)")
        .doesNotContain("Lind");
  }

  @Test
  void aMissingControlIdIsRejectedAsARequiredField() {
    assertThat(refusal(message("ADT^A01", "2.4").replace("CTRL-17", "")))
        .hasToString("AR 101 MSH-10: MSH-10 Message Control ID is required and empty");
  }

  @Test
  void textWithoutMshIsRejected() {
    Refusal refusal = refusal("PID|1||M-000451\r");

    assertThat(refusal.condition()).isEqualTo(Condition.SEGMENT_SEQUENCE_ERROR);
    assertThat(refusal.location().toString()).isEqualTo("MSH");
  }

  @Test
  void unusableDelimitersAreRejectedAtMsh2() {
    assertThat(refusal(message("ADT^A01", "2.5").replace("MSH|^~\\&|", "MSH|^^^^|")))
        .hasToString(
            "AR 102 MSH-2: MSH-1 and MSH-2 do not declare usable delimiters: a field separator and"
                + " two to five distinct encoding characters, none a letter, digit or space"
                + " (usually |^~\\&)");
  }

  @Test
  void aGarbledSegmentIsAnError() {
    Refusal refusal = refusal(message("ADT^A01", "2.5").replace("EVN|", "e\u0000N|"));

    assertThat(refusal.code()).isEqualTo(Code.AE);
    assertThat(refusal.reason()).startsWith("segment 2 (counting MSH as 1) does not start with");
  }

  @Test
  void aSegmentWithAnotherSeparatorIsLocated() {
    assertThat(refusal(message("ADT^A01", "2.5").replace("PID|", "PID#")))
        .hasToString(
            "AE 100 PID: segment 3 (PID) is not followed by the field separator MSH-1 declares");
  }

  @Test
  void twoMessagesInOneFrameAreAnError() {
    String two = message("ADT^A01", "2.5") + message("ADT^A01", "2.5");

    assertThat(refusal(two).location().toString()).isEqualTo("MSH[2]");
  }

  @Test
  void customDelimitersAreAccepted() {
    String text =
        "MSH#@*$%#REG#NORTHSIDE#LAKE#CARELAKE#20240301101500##ORU@R01#CTRL-18#P#2.3.1\n"
            + "PID#1##M-000453@@@NORTHSIDE@MR\nOBR#1\n";

    assertThat(Hl7Envelope.check(text, TYPES).accepted()).isTrue();
  }
}
