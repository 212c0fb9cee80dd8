package org.carelake.app.events;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Objects;

/**
 * A received message on its way into Kafka.
 *
 * @param topic the topic of its event family
 * @param key the Kafka key: the patient's MRN, else the control id (patient data: never logged)
 * @param bytes the message as received, without MLLP framing
 * @param charset the character set its text was read in (UTF-8, MSH-18's, else ISO-8859-1)
 * @param receivedAt when the listener received it
 * @param controlId MSH-10
 * @param messageType MSH-9.1 and MSH-9.2, {@code ADT^A01}
 */
public record ReceivedMessage(
    String topic,
    String key,
    byte[] bytes,
    Charset charset,
    Instant receivedAt,
    String controlId,
    String messageType) {

  /** Checks that nothing is missing. */
  public ReceivedMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(controlId, "controlId");
    Objects.requireNonNull(messageType, "messageType");
  }
}
