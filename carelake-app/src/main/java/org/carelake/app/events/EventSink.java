package org.carelake.app.events;

/** Where the listener stores the messages it accepts. */
public interface EventSink {
  /**
   * Stores one message durably and returns only once it is stored.
   *
   * <p>Cost: one round trip to the store, bounded by the sink's timeout.
   *
   * @param message the message and its destination
   * @throws org.carelake.core.CarelakeException when the message is not known to be stored; the
   *     caller must not acknowledge it
   */
  void store(ReceivedMessage message);
}
