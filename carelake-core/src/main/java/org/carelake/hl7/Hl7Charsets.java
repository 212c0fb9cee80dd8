package org.carelake.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the bytes of received HL7 v2 text, after they landed unchanged in the raw zone.
 *
 * <p>The rule: UTF-8 when the bytes are valid UTF-8 (ASCII included); else the character set MSH-18
 * names (HL7 v2.5.1 Ch. 2.14.9.18, table 0211: {@code 8859/1}, {@code 8859/15}, {@code UNICODE
 * UTF-8}, ...); else ISO-8859-1, which decodes any byte and is what most senders that are not UTF-8
 * send. Decoding a Latin-1 file as UTF-8 would replace every accented letter with U+FFFD, and the
 * name could never be recovered.
 */
public final class Hl7Charsets {
  /** HL7 table 0211 names to Java charset names. */
  private static final Map<String, String> TABLE_0211 =
      Map.ofEntries(
          Map.entry("ASCII", "US-ASCII"),
          Map.entry("8859/1", "ISO-8859-1"),
          Map.entry("8859/2", "ISO-8859-2"),
          Map.entry("8859/3", "ISO-8859-3"),
          Map.entry("8859/4", "ISO-8859-4"),
          Map.entry("8859/5", "ISO-8859-5"),
          Map.entry("8859/6", "ISO-8859-6"),
          Map.entry("8859/7", "ISO-8859-7"),
          Map.entry("8859/8", "ISO-8859-8"),
          Map.entry("8859/9", "ISO-8859-9"),
          Map.entry("8859/15", "ISO-8859-15"),
          Map.entry("UNICODE UTF-8", "UTF-8"),
          Map.entry("UNICODE", "UTF-8"),
          Map.entry("UTF-8", "UTF-8"));

  private Hl7Charsets() {}

  /** The text of received bytes, by the rule above. */
  public static String decode(byte[] bytes) {
    Optional<String> utf8 = strictUtf8(bytes);
    if (utf8.isPresent()) {
      return utf8.get();
    }
    return new String(bytes, notUtf8(bytes));
  }

  /** The character set the rule above picks for received bytes; never fails. */
  public static Charset charset(byte[] bytes) {
    return strictUtf8(bytes).isPresent() ? StandardCharsets.UTF_8 : notUtf8(bytes);
  }

  private static Charset notUtf8(byte[] bytes) {
    Charset charset = declared(bytes).orElse(StandardCharsets.ISO_8859_1);
    if (charset.equals(StandardCharsets.UTF_8)) {
      // MSH-18 says UTF-8 but the bytes are not: they were written in a single-byte set.
      charset = StandardCharsets.ISO_8859_1;
    }
    return charset;
  }

  /** The character set MSH-18 of the first message names, when Java knows it. */
  static Optional<Charset> declared(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int start = text.indexOf("MSH");
    if (start < 0 || start + 4 >= text.length()) {
      return Optional.empty();
    }
    int end = start;
    while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
      end++;
    }
    String msh = text.substring(start, end);
    String separator = String.valueOf(msh.charAt(3));
    String[] fields = msh.split(java.util.regex.Pattern.quote(separator), -1);
    // Element n - 1 is MSH-n, since MSH-1 is the separator itself; MSH-18 may repeat.
    if (fields.length < 18 || fields[17].isBlank()) {
      return Optional.empty();
    }
    String name = fields[17].split("~", -1)[0].strip().toUpperCase(Locale.ROOT);
    String java = TABLE_0211.getOrDefault(name, name);
    try {
      return Optional.of(Charset.forName(java));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> strictUtf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
