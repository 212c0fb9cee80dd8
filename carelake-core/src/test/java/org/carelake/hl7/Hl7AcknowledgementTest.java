package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.carelake.hl7.Hl7Acknowledgement.Code;
import org.carelake.hl7.Hl7Acknowledgement.Condition;
import org.carelake.hl7.Hl7Acknowledgement.Location;
import org.carelake.hl7.Hl7Acknowledgement.Refusal;
import org.junit.jupiter.api.Test;

/**
 * Acknowledgements as HL7 v2.5.1 Ch. 2.9.2 (original mode), Ch. 2.14.1 (MSA), Ch. 2.14.5 (ERR) and
 * v2.3/2.4's ERR-1 (ELD) describe them.
 */
class Hl7AcknowledgementTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-01T10:15:00Z"), ZoneOffset.UTC);

  private final Hl7Acknowledgement acknowledgement = new Hl7Acknowledgement(CLOCK);

  private static String received(String version) {
    return "MSH|^~\\&|REG^1.2.3^ISO|NORTHSIDE|LAKE|CARELAKE|20240301101500||ADT^A01^ADT_A01|CTRL-17|T|"
        + version
        + "\rPID|1||M-000451^^^NORTHSIDE^MR||Lind^Ada\r";
  }

  private static String[] segments(String ack) {
    assertThat(ack).endsWith("\r").doesNotContain("\n");
    return ack.split("\r");
  }

  @Test
  void anAcceptanceSwapsSenderAndReceiverAndNamesTheReceivedControlId() {
    String[] ack = segments(acknowledgement.accept(received("2.5.1")));

    assertThat(ack).hasSize(2);
    assertThat(ack[0])
        .startsWith("MSH|^~\\&|LAKE|CARELAKE|REG^1.2.3^ISO|NORTHSIDE|20240301101500.000+0000||")
        .contains("|ACK^A01^ACK|CL")
        .endsWith("|T|2.5.1");
    assertThat(ack[1]).isEqualTo("MSA|AA|CTRL-17");
  }

  @Test
  void eachAcknowledgementHasItsOwnControlId() {
    String first = segments(acknowledgement.accept(received("2.5.1")))[0].split("\\|")[9];
    String second = segments(acknowledgement.accept(received("2.5.1")))[0].split("\\|")[9];

    assertThat(first).isNotEqualTo(second).hasSizeLessThanOrEqualTo(20);
  }

  @Test
  void anErrorFromVersionTwoFiveOnHasALocatedErrSegment() {
    String[] ack =
        segments(
            acknowledgement.refuse(
                received("2.8"),
                new Refusal(
                    Code.AE,
                    Condition.REQUIRED_FIELD_MISSING,
                    Location.at("PID", 3),
                    "patient identifier list is missing")));

    assertThat(ack[0]).contains("|ACK^A01^ACK|").endsWith("|2.8");
    assertThat(ack[1]).isEqualTo("MSA|AE|CTRL-17");
    assertThat(ack[2])
        .isEqualTo(
            "ERR||PID^1^3|101^Required field missing^HL70357|E||||patient identifier list is"
                + " missing");
  }

  @Test
  void aRejectionInVersionTwoThreeUsesErr1AndMsa3() {
    String[] ack =
        segments(
            acknowledgement.refuse(
                received("2.3"),
                new Refusal(
                    Code.AR,
                    Condition.UNSUPPORTED_MESSAGE_TYPE,
                    Location.at("MSH", 9, 1),
                    "message type is not ADT, SIU or ORU")));

    assertThat(ack[0]).contains("|ACK^A01|").endsWith("|2.3");
    assertThat(ack[1]).isEqualTo("MSA|AR|CTRL-17|message type is not ADT, SIU or ORU");
    assertThat(ack[2]).isEqualTo("ERR|MSH^1^9^200&Unsupported message type&HL70357");
  }

  @Test
  void aRejectionInVersionTwoFourWithoutLocationKeepsTheCodeInItsComponent() {
    String[] ack =
        segments(
            acknowledgement.refuse(
                received("2.4"),
                new Refusal(
                    Code.AE,
                    Condition.APPLICATION_INTERNAL_ERROR,
                    Location.MESSAGE,
                    "not stored")));

    assertThat(ack[2]).isEqualTo("ERR|^^^207&Application internal error&HL70357");
  }

  @Test
  void aSegmentLocationNamesItsOccurrence() {
    String[] ack =
        segments(
            acknowledgement.refuse(
                received("2.6"),
                new Refusal(
                    Code.AE,
                    Condition.SEGMENT_SEQUENCE_ERROR,
                    Location.segment("OBX", 3),
                    "bad segment")));

    assertThat(ack[2]).startsWith("ERR||OBX^3|100^Segment sequence error^HL70357|E|");
  }

  @Test
  void delimitersInTheReasonAreEscaped() {
    String[] ack =
        segments(
            acknowledgement.refuse(
                received("2.5"),
                new Refusal(
                    Code.AR,
                    Condition.UNSUPPORTED_EVENT_CODE,
                    Location.at("MSH", 9, 2),
                    "ADT^A99 | not~mapped & \\ no\rbreak")));

    assertThat(ack).hasSize(3);
    assertThat(ack[2]).endsWith("|E||||ADT\\S\\A99 \\F\\ not\\R\\mapped \\T\\ \\E\\ no break");
    assertThat(ack[2]).contains("|MSH^1^9^^2|");
  }

  @Test
  void aMessageThatIsNotHl7GetsAnAcknowledgementWithDefaults() {
    String[] ack =
        segments(
            acknowledgement.refuse(
                "\u0000\u00ff binary",
                new Refusal(
                    Code.AR,
                    Condition.SEGMENT_SEQUENCE_ERROR,
                    Location.segment("MSH", 1),
                    "no MSH segment")));

    assertThat(ack[0]).startsWith("MSH|^~\\&|||||").contains("||ACK|").endsWith("|P|2.5.1");
    assertThat(ack[1]).isEqualTo("MSA|AR|");
    assertThat(ack[2]).startsWith("ERR||MSH^1|100^");
  }

  @Test
  void aMessageWithCustomDelimitersIsAnsweredWithTheStandardOnes() {
    String received =
        "MSH#@*$%#REG@1.2.3@ISO#NORTHSIDE#LAKE#CARELAKE#20240301101500##ORU@R01@ORU_R01#CTRL-18#P#2.7.1\n"
            + "PID#1##M-000453@@@NORTHSIDE@MR\n";

    String[] ack = segments(acknowledgement.accept(received));

    assertThat(ack[0])
        .startsWith("MSH|^~\\&|LAKE|CARELAKE|REG^1.2.3^ISO|NORTHSIDE|")
        .contains("|ACK^R01^ACK|")
        .endsWith("|P|2.7.1");
    assertThat(ack[1]).isEqualTo("MSA|AA|CTRL-18");
  }

  @Test
  void aHugeSendingApplicationIsCutToItsFieldLength() {
    String received = received("2.5.1").replace("REG^1.2.3^ISO", "R".repeat(1_000_000));

    String[] ack = segments(acknowledgement.accept(received));

    assertThat(ack[0].length()).isLessThan(400);
  }

  @Test
  void anAcceptanceCannotBeARefusal() {
    assertThatThrownBy(
            () -> new Refusal(Code.AA, Condition.DATA_TYPE_ERROR, Location.MESSAGE, "reason"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a refusal is AE or AR, not AA");
  }

  @Test
  void aLocationNamesASegmentById() {
    assertThatThrownBy(() -> Location.at("pid!", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a segment ID is three letters or digits: pid!");
    assertThat(Location.at("PID", 3, 1)).hasToString("PID-3.1");
    assertThat(Location.segment("OBX", 2)).hasToString("OBX[2]");
    assertThat(Location.MESSAGE).hasToString("message");
  }
}
