package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Decoding received bytes after landing: UTF-8 when valid, else MSH-18 (table 0211), else Latin-1.
 */
class Hl7CharsetsTest {
  private static final String ADT =
      "MSH|^~\\&|A|H|C|L|20210101||ADT^A01|1|P|2.5|||||DEU|%s\rPID|1||7^^^H^MR||Weiß^Jörg\r";

  @Test
  void validUtf8IsReadAsUtf8WhateverMsh18Says() {
    String text = ADT.formatted("8859/1");

    assertThat(Hl7Charsets.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
  }

  @Test
  void bytesThatAreNotUtf8AreReadInTheCharacterSetMsh18Names() {
    String text = ADT.formatted("8859/15").replace("Jörg", "Jörg €");

    assertThat(Hl7Charsets.decode(text.getBytes(Charset.forName("ISO-8859-15")))).isEqualTo(text);
  }

  @Test
  void bytesThatAreNotUtf8WithoutMsh18AreReadAsLatin1() {
    String text = ADT.formatted("");

    assertThat(Hl7Charsets.decode(text.getBytes(StandardCharsets.ISO_8859_1)))
        .isEqualTo(text)
        .doesNotContain("\uFFFD");
  }

  @Test
  void msh18ClaimingUtf8OverBytesThatAreNotIsReadAsLatin1() {
    String text = ADT.formatted("UNICODE UTF-8");

    assertThat(Hl7Charsets.decode(text.getBytes(StandardCharsets.ISO_8859_1))).contains("Weiß");
  }
}
