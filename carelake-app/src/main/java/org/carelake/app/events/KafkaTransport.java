package org.carelake.app.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.carelake.core.CarelakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's Kafka transport: each message is routed by the listener's own {@link
 * MessageAdmission} (the topic of its family, the patient's MRN as key) and stored by the
 * listener's {@link KafkaEventSink}, so its record is the one {@code carelake listen} would have
 * written. Closing leaves the sink open: its owner closes it.
 */
final class KafkaTransport implements EventSimulator.Transport {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTransport.class);

  private final KafkaEventSink sink;
  private final MessageAdmission admission;
  private final Clock clock;

  KafkaTransport(KafkaEventSink sink, MessageAdmission admission, Clock clock) {
    this.sink = sink;
    this.admission = admission;
    this.clock = clock;
  }

  @Override
  public EventSimulator.Outcome send(SimulatedMessage message) {
    byte[] bytes = message.text().getBytes(StandardCharsets.UTF_8);
    Admission admitted = admission.admit(bytes);
    if (admitted.route().isEmpty()) {
      LOG.warn(
          "event=simulate.refused via=kafka control-id={} type={} condition={}",
          message.controlId(),
          message.messageType(),
          admitted.refusal().map(refusal -> refusal.condition().name()).orElse(""));
      return EventSimulator.Outcome.REJECTED;
    }
    Admission.Route route = admitted.route().get();
    try {
      sink.store(
          new ReceivedMessage(
              route.topic(),
              route.key(),
              bytes,
              admitted.charset(),
              clock.instant(),
              message.controlId(),
              message.messageType()));
      return EventSimulator.Outcome.ACCEPTED;
    } catch (CarelakeException e) {
      LOG.warn(
          "event=simulate.failed via=kafka control-id={} type={} topic={} reason={}",
          message.controlId(),
          message.messageType(),
          route.topic(),
          e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
      return EventSimulator.Outcome.FAILED;
    }
  }

  @Override
  public void close() {
    // The sink is its owner's to close.
  }
}
