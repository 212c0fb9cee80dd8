package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Framing as senders in the wild do it (HL7 v2.5.1 Ch. 2.5.1 segment terminator; MLLP, Ch. 2 app.
 * C).
 */
class Hl7FramingTest {
  private static final Hl7Reader READER = new Hl7Reader();

  private static final String A01 = Hl7Samples.adtA01();

  private static void readsLikeTheCanonicalMessage(String variant) {
    Hl7Reading reading = READER.read(variant);
    Hl7Reading canonical = READER.read(A01);
    assertThat(reading.errorLines()).as("errors").isEmpty();
    assertThat(reading.records()).isEqualTo(canonical.records());
  }

  @Test
  void lineFeedsBetweenSegmentsReadLikeCarriageReturns() {
    readsLikeTheCanonicalMessage(A01.replace("\r", "\n"));
  }

  @Test
  void carriageReturnLineFeedsBetweenSegmentsReadLikeCarriageReturns() {
    readsLikeTheCanonicalMessage(A01.replace("\r", "\r\n"));
  }

  @Test
  void aByteOrderMarkIsIgnored() {
    readsLikeTheCanonicalMessage("\uFEFF" + A01);
  }

  @Test
  void mllpFramingCharactersAreRemoved() {
    readsLikeTheCanonicalMessage("\u000b" + A01 + "\u001c\r");
  }

  @Test
  void messageTypeWithTwoComponentsFindsItsStructureFromTheEventMap() {
    readsLikeTheCanonicalMessage(A01.replace("ADT^A01^ADT_A01", "ADT^A01"));
  }

  @Test
  void version23IsReadIntoTheSameStructures() {
    readsLikeTheCanonicalMessage(
        A01.replace("|P|2.5.1", "|P|2.3").replace("ADT^A01^ADT_A01", "ADT^A01"));
  }

  @Test
  void version28IsReadIntoTheSameStructures() {
    readsLikeTheCanonicalMessage(A01.replace("|P|2.5.1", "|P|2.8"));
  }

  @Test
  void registrationWithTwoComponentTypeUsesTheAdtA01Structure() {
    Hl7Reading reading = READER.read(Hl7Samples.adtA04().replace("ADT^A04^ADT_A01", "ADT^A04"));
    assertThat(reading.errorLines()).isEmpty();
    assertThat(reading.records().encounters()).hasSize(1);
  }

  @Test
  void aBatchOfMllpFramedMessagesSplitsIntoMessages() {
    String batch =
        "\u000b"
            + A01
            + "\u001c\r"
            + "\u000b"
            + Hl7Samples.siuS12()
            + "\u001c\r"
            + "\u000b"
            + Hl7Samples.oruR01()
            + "\u001c\r";

    List<Hl7Framing.Framed> messages = Hl7Framing.split(batch);

    assertThat(messages).extracting(Hl7Framing.Framed::position).containsExactly(1, 2, 3);
    assertThat(messages)
        .extracting(framed -> Hl7Header.peek(framed.text()).controlId())
        .containsExactly("ADT0001", "SIU0001", "ORU0001");
    assertThat(messages.get(0).text()).isEqualTo(A01);
  }

  @Test
  void aNewlineSeparatedBatchWithEnvelopeSegmentsSplitsIntoMessages() {
    String batch =
        "FHS|^~\\&|EPIC\nBHS|^~\\&|EPIC\n"
            + A01.replace("\r", "\n")
            + "\n\n"
            + Hl7Samples.adtA03().replace("\r", "\r\n")
            + "BTS|2\nFTS|1\n";

    List<Hl7Framing.Framed> messages = Hl7Framing.split(batch);

    assertThat(messages)
        .extracting(framed -> Hl7Header.peek(framed.text()).controlId())
        .containsExactly("ADT0001", "ADT0002");
    assertThat(messages.get(1).text()).isEqualTo(Hl7Samples.adtA03());
  }

  @Test
  void textBeforeTheFirstMessageIsKeptAsAMessageOfItsOwn() {
    List<Hl7Framing.Framed> messages = Hl7Framing.split("garbage line\n" + A01);

    assertThat(messages).hasSize(2);
    assertThat(READER.read(messages.get(0).text()).errorLines())
        .containsExactly(
            "message: the message does not start with an MSH segment; every HL7 v2 message must"
                + " (v2.5.1 Ch. 2.14.9)");
  }
}
