package org.carelake.hl7;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.carelake.hl7.Hl7Acknowledgement.Code;
import org.carelake.hl7.Hl7Acknowledgement.Condition;
import org.carelake.hl7.Hl7Acknowledgement.Location;
import org.carelake.hl7.Hl7Acknowledgement.Refusal;

/**
 * What a receiver checks before it accepts a message for storage: the header and the segment
 * syntax, not the content. HL7 v2.5.1 Ch. 2.9.2.1 (original mode): a message whose MSH fails
 * validation (type, version, required fields) is rejected with {@code AR}; a message whose body is
 * not well-formed gets {@code AE}.
 *
 * <p>Checked, in order, each failure located:
 *
 * <ol>
 *   <li>the first segment is MSH (AR 100 at MSH);
 *   <li>MSH-1 and MSH-2 declare usable delimiters (AR 102 at MSH-2);
 *   <li>MSH-7 Date/Time of Message, MSH-9 Message Type, MSH-10 Message Control ID and MSH-12
 *       Version ID are there (AR 101 at the field);
 *   <li>MSH-9.1 is one of the accepted types (AR 200), MSH-9.2 a trigger event code (AR 201),
 *       MSH-12 one of versions 2.3 to 2.8.2 (AR 203);
 *   <li>every segment starts with a segment ID (a capital letter and two capitals or digits)
 *       followed by the field separator (AE 100 at the segment), and there is one MSH (AE 100 at
 *       the second).
 * </ol>
 *
 * <p>Reasons name fields and quote a header value only when it has the shape of a code (a type,
 * trigger or version), so that a message whose delimiters shifted its fields never has patient data
 * echoed into a log or an acknowledgement.
 *
 * @param controlId MSH-10, or empty
 * @param messageType MSH-9.1, or empty
 * @param triggerEvent MSH-9.2, or empty
 * @param version MSH-12.1, or empty
 * @param segments the number of segments
 */
public record Hl7Envelope(
    String controlId, String messageType, String triggerEvent, String version, int segments) {

  /** The versions accepted: 2.3 to 2.8 and their point releases. */
  public static final Set<String> VERSIONS =
      Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2");

  private static final Pattern SEGMENT_ID = Pattern.compile("[A-Z][A-Z0-9]{2}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_]{1,7}");
  private static final Pattern VERSION_SHAPE = Pattern.compile("[0-9.]{1,8}");

  /**
   * What checking a message found.
   *
   * @param envelope the header's values, as far as they could be read
   * @param refusal why the message cannot be accepted; empty when it can
   */
  public record Checked(Hl7Envelope envelope, Optional<Refusal> refusal) {
    /** Whether the message can be accepted. */
    public boolean accepted() {
      return refusal.isEmpty();
    }
  }

  /** {@code ADT^A01}, or what of it is known; never a value that is not shaped as a code. */
  public String typeAndTrigger() {
    String type = CODE.matcher(messageType).matches() ? messageType : "?";
    String trigger = CODE.matcher(triggerEvent).matches() ? triggerEvent : "?";
    return messageType.isEmpty() ? "?" : type + "^" + trigger;
  }

  /**
   * Checks a message.
   *
   * @param text the message, segments ended by CR, LF or CRLF; any text at all
   * @param messageTypes the accepted MSH-9.1 codes, in capitals
   */
  public static Checked check(String text, Set<String> messageTypes) {
    Er7Message message = Er7Message.of(text);
    String type = message.component(message.headerField(9), 1).strip();
    Hl7Envelope envelope =
        new Hl7Envelope(
            message.component(message.headerField(10), 1).strip(),
            type,
            message.component(message.headerField(9), 2).strip(),
            message.component(message.headerField(12), 1).strip(),
            message.segments().size());
    return new Checked(envelope, refusal(message, envelope, messageTypes));
  }

  private static Optional<Refusal> refusal(
      Er7Message message, Hl7Envelope envelope, Set<String> messageTypes) {
    if (!message.hasHeader()) {
      return reject(
          Condition.SEGMENT_SEQUENCE_ERROR,
          Location.segment("MSH", 1),
          "the message does not start with an MSH segment; every HL7 v2 message must. Send one"
              + " message per MLLP frame, starting with MSH");
    }
    if (!message.declaresDelimiters()) {
      return reject(
          Condition.DATA_TYPE_ERROR,
          Location.at("MSH", 2),
          "MSH-1 and MSH-2 do not declare usable delimiters: a field separator and two to five"
              + " distinct encoding characters, none a letter, digit or space (usually |^~\\&)");
    }
    for (int field : new int[] {7, 9, 10, 12}) {
      if (message.headerField(field).strip().isEmpty()) {
        return reject(
            Condition.REQUIRED_FIELD_MISSING,
            Location.at("MSH", field),
            "MSH-" + field + " " + headerFieldName(field) + " is required and empty");
      }
    }
    String type = envelope.messageType().toUpperCase(Locale.ROOT);
    if (!messageTypes.contains(type)) {
      return reject(
          Condition.UNSUPPORTED_MESSAGE_TYPE,
          Location.at("MSH", 9, 1),
          "message type "
              + quotedCode(envelope.messageType(), CODE)
              + " is not accepted here; carelake accepts "
              + String.join(", ", messageTypes.stream().sorted().toList()));
    }
    if (!CODE.matcher(envelope.triggerEvent()).matches()) {
      return reject(
          envelope.triggerEvent().isEmpty()
              ? Condition.REQUIRED_FIELD_MISSING
              : Condition.UNSUPPORTED_EVENT_CODE,
          Location.at("MSH", 9, 2),
          "MSH-9.2 trigger event is "
              + (envelope.triggerEvent().isEmpty() ? "empty" : "not an event code")
              + "; it names the event, as A01 in ADT^A01");
    }
    if (!VERSIONS.contains(envelope.version())) {
      return reject(
          Condition.UNSUPPORTED_VERSION_ID,
          Location.at("MSH", 12),
          "version "
              + quotedCode(envelope.version(), VERSION_SHAPE)
              + " is not accepted; carelake reads HL7 v2.3 to v2.8 (2.3, 2.3.1, 2.4, 2.5, 2.5.1,"
              + " 2.6, 2.7, 2.7.1, 2.8, 2.8.1, 2.8.2)");
    }
    return segmentProblem(message);
  }

  private static Optional<Refusal> segmentProblem(Er7Message message) {
    Map<String, Integer> occurrences = new HashMap<>();
    List<String> segments = message.segments();
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      String id = segment.length() >= 3 ? segment.substring(0, 3) : segment;
      boolean validId = SEGMENT_ID.matcher(id).matches();
      int occurrence = validId ? occurrences.merge(id, 1, Integer::sum) : 0;
      if (!validId) {
        return error(
            Location.MESSAGE,
            "segment "
                + (i + 1)
                + " (counting MSH as 1) does not start with a segment ID (a capital letter and"
                + " two capitals or digits); the message is cut, garbled or its segments are not"
                + " separated by carriage returns");
      }
      if (segment.length() > 3 && segment.charAt(3) != message.fieldSeparator()) {
        return error(
            Location.segment(id, occurrence),
            "segment "
                + (i + 1)
                + " ("
                + id
                + ") is not followed by the field separator MSH-1 declares");
      }
      if (id.equals("MSH") && occurrence > 1) {
        return error(
            Location.segment("MSH", occurrence),
            "the frame holds more than one message (a second MSH at segment "
                + (i + 1)
                + "); MLLP carries one message per frame");
      }
    }
    return Optional.empty();
  }

  private static String headerFieldName(int field) {
    return switch (field) {
      case 7 -> "Date/Time of Message";
      case 9 -> "Message Type";
      case 10 -> "Message Control ID";
      default -> "Version ID";
    };
  }

  /** A header value in quotes when it has the shape of a code, else a description of it. */
  private static String quotedCode(String value, Pattern shape) {
    return shape.matcher(value).matches()
        ? "'" + value + "'"
        : "(a value of " + value.length() + " characters that is not a code)";
  }

  private static Optional<Refusal> reject(Condition condition, Location location, String reason) {
    return Optional.of(new Refusal(Code.AR, condition, location, reason));
  }

  private static Optional<Refusal> error(Location location, String reason) {
    return Optional.of(new Refusal(Code.AE, Condition.SEGMENT_SEQUENCE_ERROR, location, reason));
  }
}
