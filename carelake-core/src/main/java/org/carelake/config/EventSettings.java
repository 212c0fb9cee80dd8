package org.carelake.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Kafka topics of HL7v2 events and how carelake creates them.
 *
 * @param adtTopic the topic of ADT messages
 * @param siuTopic the topic of SIU messages
 * @param oruTopic the topic of ORU messages
 * @param deadLetterTopic the topic of what could not be parsed or mapped
 * @param partitions the partitions of a topic carelake creates
 * @param retention the retention of a topic carelake creates
 * @param sendTimeout how long a message may take to be stored with acks=all
 */
public record EventSettings(
    String adtTopic,
    String siuTopic,
    String oruTopic,
    String deadLetterTopic,
    int partitions,
    Duration retention,
    Duration sendTimeout) {

  /** The topics of the three event families, in the order ADT, SIU, ORU. */
  public List<String> eventTopics() {
    return List.of(adtTopic, siuTopic, oruTopic);
  }

  /** Every topic carelake reads or writes: the event topics and the dead-letter topic. */
  public List<String> allTopics() {
    return List.of(adtTopic, siuTopic, oruTopic, deadLetterTopic);
  }

  /**
   * The topic of a message type (MSH-9.1): ADT, SIU or ORU; empty for another type.
   *
   * @param messageType the message type code, any case
   */
  public Optional<String> topicFor(String messageType) {
    return switch (messageType == null ? "" : messageType.strip().toUpperCase(Locale.ROOT)) {
      case "ADT" -> Optional.of(adtTopic);
      case "SIU" -> Optional.of(siuTopic);
      case "ORU" -> Optional.of(oruTopic);
      default -> Optional.empty();
    };
  }
}
