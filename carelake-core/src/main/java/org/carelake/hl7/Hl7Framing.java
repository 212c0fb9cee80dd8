package org.carelake.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts HL7 v2 text into messages and normalizes their framing, as senders in the wild frame them in
 * many ways.
 *
 * <p>Accepted: segments ended by CR, LF or CRLF; a UTF-8 byte-order mark; MLLP framing (a vertical
 * tab before each message, a file separator and CR after it); several messages in one file, framed
 * by MLLP or one after another with or without blank lines between them; batch envelopes (FHS, BHS,
 * BTS, FTS segments), which are dropped. Every {@code MSH} segment starts a message. Output: each
 * message with its segments ended by CR, as HL7 specifies (v2.5.1 Ch. 2.5.1), and its position in
 * the input.
 *
 * <p>Text before the first MSH that is not a batch envelope segment is kept as a message of its
 * own, so it reaches quarantine instead of disappearing.
 */
public final class Hl7Framing {
  private static final char BOM = '\uFEFF';
  private static final char START_BLOCK = 0x0B;
  private static final char END_BLOCK = 0x1C;

  private Hl7Framing() {}

  /**
   * One message cut from a file or stream.
   *
   * @param position the message's position in its input, from 1
   * @param text the message, segments ended by CR
   */
  public record Framed(int position, String text) {}

  /** Cuts the text into messages, each normalized. */
  public static List<Framed> split(String text) {
    List<Framed> messages = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String segment : segments(text)) {
      if (isBatchEnvelope(segment)) {
        continue;
      }
      if (segment.startsWith("MSH") && current.length() > 0) {
        messages.add(new Framed(messages.size() + 1, current.toString()));
        current.setLength(0);
      }
      current.append(segment).append('\r');
    }
    if (current.length() > 0) {
      messages.add(new Framed(messages.size() + 1, current.toString()));
    }
    return messages;
  }

  /** Normalizes one message: CR after every segment, no BOM, no MLLP characters, no blank lines. */
  public static String normalize(String message) {
    StringBuilder text = new StringBuilder(message.length() + 2);
    for (String segment : segments(message)) {
      text.append(segment).append('\r');
    }
    return text.toString();
  }

  private static List<String> segments(String text) {
    List<String> segments = new ArrayList<>();
    int start = 0;
    int length = text.length();
    StringBuilder segment = new StringBuilder();
    for (int i = start; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n' || c == END_BLOCK) {
        addSegment(segments, segment);
      } else if (c != BOM && c != START_BLOCK) {
        segment.append(c);
      }
    }
    addSegment(segments, segment);
    return segments;
  }

  private static void addSegment(List<String> segments, StringBuilder segment) {
    int end = segment.length();
    while (end > 0 && Character.isWhitespace(segment.charAt(end - 1))) {
      end--;
    }
    if (end > 0) {
      segments.add(segment.substring(0, end));
    }
    segment.setLength(0);
  }

  private static boolean isBatchEnvelope(String segment) {
    return segment.length() >= 3
        && (segment.startsWith("FHS")
            || segment.startsWith("BHS")
            || segment.startsWith("BTS")
            || segment.startsWith("FTS"))
        && (segment.length() == 3 || !Character.isLetterOrDigit(segment.charAt(3)));
  }
}
