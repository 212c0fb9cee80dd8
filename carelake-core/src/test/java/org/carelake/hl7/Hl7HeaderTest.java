package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Hl7HeaderTest {
  @Test
  void readsTheHeaderWithTheSeparatorsTheMessageDeclares() {
    String message =
        "MSH#$~\\&#LAB$X#NORTH^SIDE#EHR#HOSP#20240102030405##ORU$R01$ORU_R01#C-9#P#2.8\rPID#1\r";

    Hl7Header header = Hl7Header.peek(message);

    assertThat(header.controlId()).isEqualTo("C-9");
    assertThat(header.messageType()).isEqualTo("ORU");
    assertThat(header.triggerEvent()).isEqualTo("R01");
    assertThat(header.version()).isEqualTo("2.8");
    assertThat(header.sentAt()).isEqualTo("20240102030405");
    assertThat(Hl7Header.sender(message)).isEqualTo("LAB^NORTH^SIDE");
  }

  @Test
  void aMessageWithoutMshHasNoHeaderAndNoSender() {
    assertThat(Hl7Header.peek("PID|1||123\r")).isEqualTo(Hl7Header.NONE);
    assertThat(Hl7Header.sender("PID|1||123\r")).isEmpty();
    assertThat(Hl7Header.sender("")).isEmpty();
    assertThat(Hl7Header.sender("MSH|\rPID|1\r")).isEmpty();
    assertThat(Hl7Header.sender("MSH|^~\\&|ADT1|GOOD HEALTH|X")).isEqualTo("ADT1^GOOD HEALTH");
    assertThat(Hl7Header.sender("MSH|^~\\&")).isEqualTo("^");
  }
}
