package org.carelake.app.events;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.carelake.config.EventSettings;
import org.carelake.hl7.Hl7Acknowledgement.Code;
import org.carelake.hl7.Hl7Acknowledgement.Condition;
import org.carelake.hl7.Hl7Acknowledgement.Location;
import org.carelake.hl7.Hl7Acknowledgement.Refusal;
import org.carelake.hl7.Hl7Charsets;
import org.carelake.hl7.Hl7Envelope;
import org.carelake.hl7.Hl7PatientKey;

/**
 * Decides whether a received message can be stored, and where: input the bytes of one MLLP frame,
 * output an {@link Admission}; no side effects.
 *
 * <p>The bytes are read as UTF-8 when they are valid UTF-8, else in the character set MSH-18 names,
 * else as ISO-8859-1, which reads any byte ({@link Hl7Charsets}). The header and the segment syntax
 * are then checked ({@link Hl7Envelope}: AR for a header that is missing, unreadable, of another
 * type than ADT, SIU and ORU or of a version outside 2.3 to 2.8; AE for a body that is not
 * well-formed). An accepted message goes to the topic of its family, keyed by the patient's MRN
 * (PID-3), else its control id ({@link Hl7PatientKey}), so that one patient's events stay in one
 * partition, in order.
 *
 * <p>Content is not checked here: a message is accepted when it is well-formed, and what its fields
 * hold is judged when it is read from the topic.
 *
 * <p>Total: any bytes give a decision, never an exception. Cost: one pass over the message, a few
 * microseconds per kilobyte. Thread-safe.
 */
public final class MessageAdmission {
  private static final Set<String> TYPES = Set.of("ADT", "SIU", "ORU");

  private final EventSettings events;

  /** An admission that routes to the topics of these settings. */
  public MessageAdmission(EventSettings events) {
    this.events = events;
  }

  /**
   * Decides on one message.
   *
   * @param bytes the frame's content, without MLLP's start and end characters
   */
  public Admission admit(byte[] bytes) {
    Charset charset = StandardCharsets.ISO_8859_1;
    String text = "";
    try {
      charset = Hl7Charsets.charset(bytes);
      text = new String(bytes, charset);
      Hl7Envelope.Checked checked = Hl7Envelope.check(text, TYPES);
      if (!checked.accepted()) {
        return new Admission(
            checked.envelope(), text, charset, Optional.empty(), checked.refusal());
      }
      Hl7Envelope envelope = checked.envelope();
      Optional<String> topic = events.topicFor(envelope.messageType());
      if (topic.isEmpty()) {
        // The envelope accepts only the three families, each of which has a topic.
        throw new IllegalStateException("no topic for an accepted message type");
      }
      String key = Hl7PatientKey.of(text).orElse(envelope.controlId());
      return new Admission(
          envelope,
          text,
          charset,
          Optional.of(new Admission.Route(topic.get(), key)),
          Optional.empty());
    } catch (RuntimeException e) {
      // A defect in reading must cost the sender one error answer, never the connection.
      return new Admission(
          new Hl7Envelope("", "", "", "", 0),
          text,
          charset,
          Optional.empty(),
          Optional.of(
              new Refusal(
                  Code.AE,
                  Condition.APPLICATION_INTERNAL_ERROR,
                  Location.MESSAGE,
                  "carelake failed to read the message ("
                      + e.getClass().getSimpleName()
                      + "); it was not stored. Resend it; if this repeats, report it with the"
                      + " listener's log")));
    }
  }
}
