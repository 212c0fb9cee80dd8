package org.carelake.hl7;

import java.util.Optional;

/**
 * What the MSH segment says about a message, read without parsing the rest, so that even a message
 * HAPI cannot parse is filed under its control id, type and trigger.
 *
 * @param controlId MSH-10 Message Control ID, or empty
 * @param messageType MSH-9.1 Message Code (ADT, SIU, ORU), or empty
 * @param triggerEvent MSH-9.2 Trigger Event (A01, S12, R01), or empty
 * @param version MSH-12 Version ID (2.3 to 2.8), or empty
 * @param sentAt MSH-7 Date/Time of Message as sent, or empty
 */
public record Hl7Header(
    String controlId, String messageType, String triggerEvent, String version, String sentAt) {

  /** The header of a message that has no MSH segment. */
  static final Hl7Header NONE = new Hl7Header("", "", "", "", "");

  /**
   * Reads MSH from a normalized message (HL7 v2.5.1 Ch. 2.14.9: MSH-1 is the field separator, MSH-2
   * the encoding characters, component separator first).
   */
  public static Hl7Header peek(String message) {
    if (!message.startsWith("MSH") || message.length() < 8) {
      return NONE;
    }
    int end = message.indexOf('\r');
    String msh = end < 0 ? message : message.substring(0, end);
    if (msh.length() < 5) {
      // "MSH|" alone, followed by another segment: there are no encoding characters to read.
      return NONE;
    }
    char field = msh.charAt(3);
    char component = msh.charAt(4);
    // Field n of MSH is element n - 1 after splitting at the separator, since MSH-1 is the
    // separator itself.
    String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(field)), -1);
    String type = element(fields, 8);
    String[] parts = type.split(java.util.regex.Pattern.quote(String.valueOf(component)), -1);
    return new Hl7Header(
        element(fields, 9).trim(),
        parts[0].trim(),
        parts.length > 1 ? parts[1].trim() : "",
        firstComponent(element(fields, 11), component).trim(),
        firstComponent(element(fields, 6), component).trim());
  }

  /**
   * Who sent a normalized message: MSH-3 Sending Application and MSH-4 Sending Facility (their
   * first components) joined by {@code ^}, or empty without MSH. A control id is unique only within
   * its sender (HL7 v2.5.1 Ch. 2.14.9.10), so a message's identity is its sender and its control
   * id.
   */
  public static String sender(String message) {
    if (!message.startsWith("MSH") || message.length() < 8) {
      return "";
    }
    int end = message.indexOf('\r');
    String msh = end < 0 ? message : message.substring(0, end);
    if (msh.length() < 5) {
      return "";
    }
    char component = msh.charAt(4);
    String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(msh.charAt(3))), -1);
    return firstComponent(element(fields, 2), component).trim()
        + "^"
        + firstComponent(element(fields, 3), component).trim();
  }

  /** The message type and trigger, {@code ADT^A01}, or empty when MSH-9 is missing. */
  public Optional<String> typeAndTrigger() {
    return messageType.isEmpty() ? Optional.empty() : Optional.of(messageType + "^" + triggerEvent);
  }

  private static String element(String[] fields, int index) {
    return index < fields.length ? fields[index] : "";
  }

  private static String firstComponent(String value, char separator) {
    int at = value.indexOf(separator);
    return at < 0 ? value : value.substring(0, at);
  }
}
