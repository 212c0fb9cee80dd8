package org.carelake.app.events;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.Optional;
import org.carelake.hl7.Hl7Acknowledgement.Refusal;
import org.carelake.hl7.Hl7Envelope;

/**
 * The decision on one received message: accepted with a topic and key, or refused with a located
 * reason. Exactly one of {@code route} and {@code refusal} is present.
 *
 * @param envelope what the header says, as far as it could be read
 * @param text the message's text, decoded in {@code charset}
 * @param charset the character set the bytes were read in
 * @param route the topic and key, when accepted
 * @param refusal why not, when refused
 */
public record Admission(
    Hl7Envelope envelope,
    String text,
    Charset charset,
    Optional<Route> route,
    Optional<Refusal> refusal) {

  /**
   * Where an accepted message goes.
   *
   * @param topic the topic of its event family
   * @param key the patient's MRN, else the control id
   */
  public record Route(String topic, String key) {}

  /** Checks that exactly one of route and refusal is present. */
  public Admission {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(charset, "charset");
    if (route.isPresent() == refusal.isPresent()) {
      throw new IllegalArgumentException("an admission has a route or a refusal, not both");
    }
  }

  /** Whether the message is accepted. */
  public boolean accepted() {
    return route.isPresent();
  }
}
