package org.carelake.app.events;

import java.util.Objects;

/**
 * One message of the event simulator, on its way to a transport.
 *
 * @param text the HL7 v2 message, segments separated by carriage returns (patient data: never
 *     logged)
 * @param controlId its MSH-10, unique within the run
 * @param messageType MSH-9.1 and MSH-9.2, {@code ADT^A01}
 */
public record SimulatedMessage(String text, String controlId, String messageType) {
  /** Checks that nothing is missing. */
  public SimulatedMessage {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(controlId, "controlId");
    Objects.requireNonNull(messageType, "messageType");
  }
}
