package org.carelake.app.events;

import java.time.Duration;
import org.carelake.core.CarelakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's MLLP transport: each message in one frame to a listener, then its
 * acknowledgement's MSA-1 read as the outcome (AA accepted, AE error, AR rejected). A connection
 * that fails is closed and opened again for the next message, as an interface engine reconnects.
 */
final class MllpTransport implements EventSimulator.Transport {
  private static final Logger LOG = LoggerFactory.getLogger(MllpTransport.class);

  private final String host;
  private final int port;
  private final Duration timeout;
  private MllpSender sender;

  /** Connects at once, so that a missing listener stops the run before it starts. */
  MllpTransport(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    this.sender = MllpSender.connect(host, port, timeout);
  }

  @Override
  public EventSimulator.Outcome send(SimulatedMessage message) {
    try {
      if (sender == null) {
        sender = MllpSender.connect(host, port, timeout);
      }
      String code = MllpSender.code(sender.send(message.text()));
      EventSimulator.Outcome outcome =
          switch (code) {
            case "AA", "CA" -> EventSimulator.Outcome.ACCEPTED;
            case "AE", "CE" -> EventSimulator.Outcome.ERROR;
            case "AR", "CR" -> EventSimulator.Outcome.REJECTED;
            default -> EventSimulator.Outcome.FAILED;
          };
      if (outcome != EventSimulator.Outcome.ACCEPTED) {
        LOG.warn(
            "event=simulate.not-accepted via=mllp control-id={} type={} code={}",
            message.controlId(),
            message.messageType(),
            code.isEmpty() ? "none" : code);
      }
      return outcome;
    } catch (CarelakeException e) {
      LOG.warn(
          "event=simulate.failed via=mllp control-id={} type={} reason={}",
          message.controlId(),
          message.messageType(),
          e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
      close();
      return EventSimulator.Outcome.FAILED;
    }
  }

  @Override
  public void close() {
    if (sender != null) {
      MllpSender closing = sender;
      sender = null;
      try {
        closing.close();
      } catch (CarelakeException e) {
        LOG.debug("event=simulate.close-failed via=mllp reason={}", e.getMessage());
      }
    }
  }
}
