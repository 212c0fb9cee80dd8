package org.carelake.standardize;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Person names as silver stores them: trimmed, inner whitespace collapsed, UTF-8 text that was once
 * decoded as Latin-1 repaired ({@code JosÃ©} becomes {@code José}), and names typed all in upper or
 * all in lower case put in title case ({@code MCDONALD} becomes {@code McDonald}, {@code o'brien}
 * becomes {@code O'Brien}). A name in mixed case is kept as written: its case is taken to be
 * deliberate ({@code van der Berg}, {@code DeShawn}).
 */
public final class PersonNames {
  private PersonNames() {}

  /** The standardized name, or empty when the text is blank. */
  public static Optional<String> standardize(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String name = text.strip().replaceAll("\\s+", " ");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    name = repairMojibake(name);
    if (isSingleCase(name)) {
      name = titleCase(name);
    }
    return Optional.of(name);
  }

  /**
   * A key for matching: the standardized name without accents, apostrophes, hyphens or spaces, in
   * lower case ({@code O'Brien} and {@code OBRIEN} give {@code obrien}).
   */
  public static Optional<String> matchKey(String text) {
    return standardize(text)
        .map(
            name ->
                java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z]", ""))
        .filter(key -> !key.isEmpty());
  }

  /** Whether the text reads as UTF-8 bytes once decoded as Latin-1 ({@code JosÃ©}). */
  public static boolean isMisencoded(String text) {
    return text != null && !repairMojibake(text).equals(text);
  }

  /** Text that reads as UTF-8 bytes decoded as Latin-1 is decoded again, correctly. */
  static String repairMojibake(String text) {
    boolean suspicious = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0xFF) {
        return text;
      }
      if (c == 0xC3 || c == 0xC2) {
        suspicious = true;
      }
    }
    if (!suspicious) {
      return text;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      // Not mojibake after all: a real Latin-1 name such as "Ãlvaro"; keep it.
      return text;
    }
  }

  private static boolean isSingleCase(String name) {
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      upper |= Character.isUpperCase(c);
      lower |= Character.isLowerCase(c);
    }
    return upper != lower;
  }

  private static String titleCase(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean start = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = c == ' ' || c == '-' || c == '\'';
    }
    String cased = out.toString();
    // Gaelic prefixes: "Mcdonald" is McDonald. "Mac" is left alone: Macy and Mack are names too.
    if (cased.length() > 3 && cased.startsWith("Mc") && Character.isLetter(cased.charAt(2))) {
      cased = "Mc" + Character.toUpperCase(cased.charAt(2)) + cased.substring(3);
    }
    return cased;
  }
}
