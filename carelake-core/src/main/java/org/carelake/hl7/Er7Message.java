package org.carelake.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A message's ER7 text cut into segments and read with the delimiters its own MSH declares, without
 * HAPI: fast, and total on any input (text that is not HL7 at all gives a message without MSH).
 *
 * <p>HL7 v2.5.1 Ch. 2.5 and 2.14.9: MSH-1 is the field separator (the fourth character of the
 * segment), MSH-2 the encoding characters in the order component, repetition, escape, subcomponent.
 * A message without a usable MSH is read with the default delimiters {@code |^~\&}. Segments end at
 * CR, LF or CRLF (and at MLLP's end block); a byte-order mark or MLLP start block before a segment
 * is dropped.
 */
final class Er7Message {
  private static final String DEFAULT_ENCODING = "^~\\&";

  private final List<String> segments;
  private final boolean hasHeader;
  private final boolean declaredDelimiters;
  private final char field;
  private final char component;
  private final char repetition;
  private final char escape;
  private final char subcomponent;

  private Er7Message(
      List<String> segments,
      boolean hasHeader,
      boolean declaredDelimiters,
      char field,
      String encoding) {
    this.segments = segments;
    this.hasHeader = hasHeader;
    this.declaredDelimiters = declaredDelimiters;
    this.field = field;
    this.component = encoding.charAt(0);
    this.repetition = encoding.charAt(1);
    this.escape = encoding.charAt(2);
    this.subcomponent = encoding.charAt(3);
  }

  /** Reads the text; never fails. */
  static Er7Message of(String text) {
    List<String> segments = segments(text == null ? "" : text);
    String first = segments.isEmpty() ? "" : segments.get(0);
    if (!first.startsWith("MSH") || first.length() < 4) {
      return new Er7Message(segments, false, false, '|', DEFAULT_ENCODING);
    }
    char field = first.charAt(3);
    if (!validDelimiter(field)) {
      return new Er7Message(segments, true, false, '|', DEFAULT_ENCODING);
    }
    int end = first.indexOf(field, 4);
    String declared = first.substring(4, end < 0 ? first.length() : end);
    if (!validEncoding(field, declared)) {
      return new Er7Message(segments, true, false, field, DEFAULT_ENCODING);
    }
    String encoding = declared + DEFAULT_ENCODING.substring(Math.min(4, declared.length()));
    if (declared.length() < 4 && !validEncoding(field, encoding.substring(0, 4))) {
      // A short MSH-2 whose defaults for the rest collide with a declared character.
      return new Er7Message(segments, true, false, field, DEFAULT_ENCODING);
    }
    return new Er7Message(segments, true, true, field, encoding);
  }

  /**
   * Whether MSH-1 and MSH-2 declare usable delimiters; when not, the message is read with the
   * defaults (or its MSH-1 alone, when that is usable).
   */
  boolean declaresDelimiters() {
    return declaredDelimiters;
  }

  /** Whether the first segment is an MSH segment. */
  boolean hasHeader() {
    return hasHeader;
  }

  /** The segments, without their terminators. */
  List<String> segments() {
    return segments;
  }

  char fieldSeparator() {
    return field;
  }

  char componentSeparator() {
    return component;
  }

  char repetitionSeparator() {
    return repetition;
  }

  char escapeCharacter() {
    return escape;
  }

  char subcomponentSeparator() {
    return subcomponent;
  }

  /**
   * Field {@code number} of MSH as the standard counts it (MSH-1 is the field separator, MSH-2 the
   * encoding characters), or empty when the message has no MSH or the field is absent.
   */
  String headerField(int number) {
    if (!hasHeader) {
      return "";
    }
    if (number == 1) {
      return String.valueOf(field);
    }
    // After splitting MSH at the separator, element n - 1 is MSH-n.
    return element(segments.get(0), number - 1);
  }

  /** The first segment named {@code name}, when there is one. */
  Optional<String> segment(String name) {
    for (String segment : segments) {
      if (segment.startsWith(name)
          && (segment.length() == name.length() || segment.charAt(name.length()) == field)) {
        return Optional.of(segment);
      }
    }
    return Optional.empty();
  }

  /** Field {@code number} of a segment other than MSH, or empty when absent. */
  String field(String segment, int number) {
    return element(segment, number);
  }

  /** The repetitions of a field. */
  List<String> repetitions(String value) {
    return split(value, repetition);
  }

  /** The components of a field or repetition. */
  List<String> components(String value) {
    return split(value, component);
  }

  /** The subcomponents of a component. */
  List<String> subcomponents(String value) {
    return split(value, subcomponent);
  }

  /** Component {@code number} (from 1) of a field or repetition, or empty. */
  String component(String value, int number) {
    List<String> parts = components(value);
    return number <= parts.size() ? parts.get(number - 1) : "";
  }

  private String element(String segment, int index) {
    int start = 0;
    for (int i = 0; i < index; i++) {
      int next = segment.indexOf(field, start);
      if (next < 0) {
        return "";
      }
      start = next + 1;
    }
    int end = segment.indexOf(field, start);
    return segment.substring(start, end < 0 ? segment.length() : end);
  }

  private static List<String> split(String value, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (true) {
      int next = value.indexOf(separator, start);
      if (next < 0) {
        parts.add(value.substring(start));
        return parts;
      }
      parts.add(value.substring(start, next));
      start = next + 1;
    }
  }

  /**
   * Whether MSH-2 can be read as encoding characters: two to five characters, none a letter, digit,
   * space or line break, none repeated and none equal to the field separator. v2.7 adds a fifth,
   * the truncation character; a sender may declare fewer than four, and the rest take their
   * defaults.
   */
  static boolean validEncoding(char field, String declared) {
    if (!validDelimiter(field) || declared.length() < 2 || declared.length() > 5) {
      return false;
    }
    for (int i = 0; i < declared.length(); i++) {
      char c = declared.charAt(i);
      if (!validDelimiter(c) || c == field || declared.indexOf(c, i + 1) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether a character can be a delimiter: printable ASCII, not a letter, digit or space. */
  static boolean validDelimiter(char c) {
    return c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c);
  }

  private static List<String> segments(String text) {
    List<String> segments = new ArrayList<>();
    int start = 0;
    int length = text.length();
    for (int i = 0; i <= length; i++) {
      char c = i < length ? text.charAt(i) : '\r';
      if (c == '\r' || c == '\n' || c == 0x1C) {
        add(segments, text, start, i);
        start = i + 1;
      }
    }
    return segments;
  }

  /** Adds a segment without a leading byte-order mark or MLLP start block; skips a blank one. */
  private static void add(List<String> segments, String text, int start, int end) {
    while (start < end && (text.charAt(start) == '\uFEFF' || text.charAt(start) == 0x0B)) {
      start++;
    }
    if (start < end) {
      String segment = text.substring(start, end);
      if (!segment.isBlank()) {
        segments.add(segment);
      }
    }
  }
}
