package org.carelake.hl7;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Builds the original-mode acknowledgement (HL7 v2.5.1 Ch. 2.9.2, message ACK) of a received
 * message: an MSH addressed back to the sender, an MSA that names the received message, and for an
 * error an ERR segment that locates the fault.
 *
 * <ul>
 *   <li>MSH: the receiving application and facility (MSH-5, MSH-6) of the received message become
 *       the sending ones (MSH-3, MSH-4) and the other way round; MSH-9 {@code ACK^<trigger>^ACK}
 *       ({@code ACK^<trigger>} for v2.3, which has no message structure component); MSH-11 and
 *       MSH-12 as received (a version outside 2.3 to 2.8 is answered in 2.5.1). The delimiters are
 *       always {@code |^~\&}, declared in the ACK's own MSH, whatever the received message
 *       declared.
 *   <li>MSA-1 {@code AA} (accepted), {@code AE} (error) or {@code AR} (rejected), table 0008; MSA-2
 *       the received MSH-10 Message Control ID.
 *   <li>ERR, for AE and AR. From v2.5: ERR-2 Error Location ({@code PID^1^3}: segment, sequence,
 *       field, field repetition, component), ERR-3 HL7 Error Code (table 0357, {@code 101^Required
 *       field missing^HL70357}), ERR-4 severity {@code E}, ERR-8 User Message (the reason). Before
 *       v2.5 (2.3, 2.3.1, 2.4): ERR-1 Error Code and Location ({@code PID^1^3^101&Required field
 *       missing&HL70357}) and the reason in MSA-3 Text Message.
 * </ul>
 *
 * <p>Even a message that is not HL7 at all gets an acknowledgement: what cannot be read from its
 * MSH takes a default (version 2.5.1, processing id P, no control id). Values copied from the
 * received message are shortened to their field's length and stripped of control characters.
 *
 * <p>Instances are thread-safe.
 */
public final class Hl7Acknowledgement {
  /** MSA-1 Acknowledgment Code, HL7 table 0008 (original mode). */
  public enum Code {
    /** Application Accept: the message is stored. */
    AA,
    /** Application Error: the message was not stored, for a reason the sender may resolve. */
    AE,
    /** Application Reject: the message cannot be accepted as sent (type, version, header). */
    AR
  }

  /** ERR-3 HL7 Error Code, HL7 table 0357 (the codes carelake uses). */
  public enum Condition {
    /** 100: a segment is missing, out of place or not a segment. */
    SEGMENT_SEQUENCE_ERROR(100, "Segment sequence error"),
    /** 101: a required field is missing. */
    REQUIRED_FIELD_MISSING(101, "Required field missing"),
    /** 102: a field is not of its data type (or too long). */
    DATA_TYPE_ERROR(102, "Data type error"),
    /** 200: the message type is not one the receiver accepts. */
    UNSUPPORTED_MESSAGE_TYPE(200, "Unsupported message type"),
    /** 201: the trigger event is not one the receiver accepts. */
    UNSUPPORTED_EVENT_CODE(201, "Unsupported event code"),
    /** 203: the version is not one the receiver accepts. */
    UNSUPPORTED_VERSION_ID(203, "Unsupported version id"),
    /** 207: the receiver failed (the message could not be stored). */
    APPLICATION_INTERNAL_ERROR(207, "Application internal error");

    private final int number;
    private final String text;

    Condition(int number, String text) {
      this.number = number;
      this.text = text;
    }

    /** The code, {@code 101}. */
    public int number() {
      return number;
    }

    /** The code's text in table 0357. */
    public String text() {
      return text;
    }
  }

  /**
   * ERR-2 Error Location (data type ERL): where in the received message the fault is. Zero means
   * "not given" for the numbers; an empty segment means the fault is not in one segment.
   *
   * @param segment the segment ID, {@code PID}, or empty
   * @param sequence the segment's occurrence in the message, from 1
   * @param field the field position, from 1, or 0
   * @param component the component number, from 1, or 0
   */
  public record Location(String segment, int sequence, int field, int component) {
    /** A fault of the whole message. */
    public static final Location MESSAGE = new Location("", 0, 0, 0);

    /** Checks the segment ID and numbers. */
    public Location {
      Objects.requireNonNull(segment, "segment");
      if (!segment.isEmpty() && !SEGMENT_ID.matcher(segment).matches()) {
        throw new IllegalArgumentException("a segment ID is three letters or digits: " + segment);
      }
      if (sequence < 0 || field < 0 || component < 0) {
        throw new IllegalArgumentException("positions are 0 or more");
      }
    }

    /** A field of the first occurrence of a segment: {@code at("MSH", 9)} is MSH-9. */
    public static Location at(String segment, int field) {
      return new Location(segment, 1, field, 0);
    }

    /** A component of a field of the first occurrence of a segment. */
    public static Location at(String segment, int field, int component) {
      return new Location(segment, 1, field, component);
    }

    /** A whole segment: {@code segment("OBX", 3)} is the third OBX. */
    public static Location segment(String segment, int sequence) {
      return new Location(segment, sequence, 0, 0);
    }

    /** The location in ERL form, {@code PID^1^3}, or empty. */
    String encoded(char separator) {
      if (segment.isEmpty()) {
        return "";
      }
      StringBuilder text = new StringBuilder(segment).append(separator).append(sequence);
      if (field > 0) {
        text.append(separator).append(field);
        if (component > 0) {
          text.append(separator).append(separator).append(component);
        }
      }
      return text.toString();
    }

    /** The location as carelake writes it elsewhere, {@code PID-3.1}, {@code OBX[2]}. */
    @Override
    public String toString() {
      if (segment.isEmpty()) {
        return Hl7Problem.MESSAGE;
      }
      return field == 0
          ? segment + (sequence > 1 ? "[" + sequence + "]" : "")
          : Fields.at(segment, sequence, field, 1, component);
    }
  }

  /**
   * Why a message is not accepted.
   *
   * @param code {@link Code#AE} or {@link Code#AR}
   * @param condition the HL7 error code
   * @param location where the fault is
   * @param reason what is wrong and what to do, for people; never a value of the message beyond its
   *     header's codes
   */
  public record Refusal(Code code, Condition condition, Location location, String reason) {
    /** Checks that a refusal is not an acceptance. */
    public Refusal {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(reason, "reason");
      if (code == Code.AA) {
        throw new IllegalArgumentException("a refusal is AE or AR, not AA");
      }
    }

    /** {@code AR 203 MSH-12: reason}, for logs and summaries. */
    @Override
    public String toString() {
      return code + " " + condition.number() + " " + location + ": " + reason;
    }
  }

  /** The version the acknowledgement declares when the received one is not accepted. */
  public static final String DEFAULT_VERSION = "2.5.1";

  private static final Pattern SEGMENT_ID = Pattern.compile("[A-Z][A-Z0-9]{2}");
  private static final Pattern TRIGGER = Pattern.compile("[A-Z0-9]{1,3}");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ", Locale.ROOT);
  private static final String ENCODING = "^~\\&";

  /** HD is at most 227 characters from v2.5; older versions allow less, which senders ignore. */
  private static final int HD_LENGTH = 227;

  /** ST of MSH-10 and MSA-2: 20 characters in v2.5, 199 from v2.7. */
  private static final int CONTROL_ID_LENGTH = 199;

  /** MSA-3 is 80 characters; ERR-8 is TX of 250. */
  private static final int MSA_TEXT_LENGTH = 80;

  private static final int USER_MESSAGE_LENGTH = 250;

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  /** An acknowledgement builder that stamps MSH-7 with the clock's time. */
  public Hl7Acknowledgement(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The AA acknowledgement of a received message.
   *
   * @param received the received message's text, in any framing and with any delimiters
   * @return the ACK, segments ended by CR, without MLLP framing
   */
  public String accept(String received) {
    Er7Message message = Er7Message.of(received);
    return header(message) + "MSA|AA|" + controlId(message) + '\r';
  }

  /**
   * The AE or AR acknowledgement of a received message, with an ERR segment that locates the fault.
   *
   * @param received the received message's text, in any framing and with any delimiters; need not
   *     be HL7
   * @param refusal why it is not accepted
   * @return the ACK, segments ended by CR, without MLLP framing
   */
  public String refuse(String received, Refusal refusal) {
    Er7Message message = Er7Message.of(received);
    String version = version(message);
    StringBuilder ack = new StringBuilder(header(message));
    ack.append("MSA|").append(refusal.code()).append('|').append(controlId(message));
    Condition condition = refusal.condition();
    if (olderThan25(version)) {
      ack.append('|').append(escaped(refusal.reason(), MSA_TEXT_LENGTH)).append('\r');
      Location at = refusal.location();
      // ELD has no component: the segment, its sequence, the field and then the code.
      String location = new Location(at.segment(), at.sequence(), at.field(), 0).encoded('^');
      if (location.isEmpty()) {
        location = "^";
      }
      ack.append("ERR|")
          .append(location)
          .append("^".repeat(Math.max(0, 3 - countOf(location, '^'))))
          .append(condition.number())
          .append('&')
          .append(condition.text())
          .append("&HL70357")
          .append('\r');
    } else {
      ack.append('\r');
      ack.append("ERR||")
          .append(refusal.location().encoded('^'))
          .append('|')
          .append(condition.number())
          .append('^')
          .append(condition.text())
          .append("^HL70357|E||||")
          .append(escaped(refusal.reason(), USER_MESSAGE_LENGTH))
          .append('\r');
    }
    return ack.toString();
  }

  private String header(Er7Message message) {
    String version = version(message);
    String trigger = message.component(message.headerField(9), 2).strip();
    String type =
        TRIGGER.matcher(trigger).matches()
            ? "ACK^"
                + trigger
                + (version.startsWith("2.3") && !version.equals("2.3.1") ? "" : "^ACK")
            : "ACK";
    String processing = message.component(message.headerField(11), 1).strip();
    if (!processing.equals("D") && !processing.equals("T")) {
      processing = "P";
    }
    return "MSH|"
        + ENCODING
        + '|'
        + copied(message, 5, HD_LENGTH)
        + '|'
        + copied(message, 6, HD_LENGTH)
        + '|'
        + copied(message, 3, HD_LENGTH)
        + '|'
        + copied(message, 4, HD_LENGTH)
        + '|'
        + TIMESTAMP.format(ZonedDateTime.now(clock))
        + "||"
        + type
        + '|'
        + nextControlId()
        + '|'
        + processing
        + '|'
        + version
        + '\r';
  }

  private static String version(Er7Message message) {
    String version = message.component(message.headerField(12), 1).strip();
    return Hl7Envelope.VERSIONS.contains(version) ? version : DEFAULT_VERSION;
  }

  private static boolean olderThan25(String version) {
    return version.compareTo("2.5") < 0;
  }

  private static String controlId(Er7Message message) {
    return copied(message, 10, CONTROL_ID_LENGTH);
  }

  /** A control id unique within this builder: the time in base 36 and a sequence number. */
  private String nextControlId() {
    return "CL"
        + Long.toString(clock.millis(), 36).toUpperCase(Locale.ROOT)
        + "."
        + Long.toString(sequence.incrementAndGet() % 1_000_000_000L, 36).toUpperCase(Locale.ROOT);
  }

  /**
   * MSH-{@code number} of the received message in the ACK's delimiters: components and
   * subcomponents rejoined with {@code ^} and {@code &}, the received escape character replaced by
   * {@code \}, and a character that is a delimiter of the ACK but data in the received message
   * escaped; cut at {@code limit} characters.
   */
  private static String copied(Er7Message message, int number, int limit) {
    String value = message.headerField(number);
    if (value.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    char escape = message.escapeCharacter();
    for (int i = 0; i < value.length() && text.length() < limit; i++) {
      char c = value.charAt(i);
      if (c == message.componentSeparator()) {
        text.append('^');
      } else if (c == message.subcomponentSeparator()) {
        text.append('&');
      } else if (c == escape) {
        text.append('\\');
      } else if (c == message.repetitionSeparator()) {
        // Header fields do not repeat; a repetition would change the ACK's meaning.
        break;
      } else if (c < ' ' || c == 0x7f) {
        continue;
      } else {
        text.append(escapedCharacter(c));
      }
    }
    return text.length() > limit ? text.substring(0, limit) : text.toString();
  }

  /** A reason written as TX/ST text: delimiters escaped, line breaks as spaces, cut to a length. */
  static String escaped(String text, int limit) {
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      String next = escapedCharacter(text.charAt(i));
      if (escaped.length() + next.length() > limit) {
        break;
      }
      escaped.append(next);
    }
    return escaped.toString();
  }

  private static String escapedCharacter(char c) {
    return switch (c) {
      case '|' -> "\\F\\";
      case '^' -> "\\S\\";
      case '&' -> "\\T\\";
      case '~' -> "\\R\\";
      case '\\' -> "\\E\\";
      default -> c < ' ' || c == 0x7f ? " " : String.valueOf(c);
    };
  }

  private static int countOf(String text, char c) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        count++;
      }
    }
    return count;
  }
}
