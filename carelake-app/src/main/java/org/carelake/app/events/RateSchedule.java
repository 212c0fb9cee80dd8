package org.carelake.app.events;

import java.time.Duration;
import org.carelake.core.Errors;

/**
 * When each message of a steady stream is due: message {@code i} at {@code start + i / rate}, by
 * absolute time, so that the time a send takes never accumulates as drift. Pure; thread-safe.
 *
 * @param rate messages per second, more than 0 and at most 100,000
 * @param duration how long the stream lasts, more than 0
 */
public record RateSchedule(double rate, Duration duration) {
  /** The highest rate accepted. */
  public static final double MAX_RATE = 100_000;

  /** Checks the ranges. */
  public RateSchedule {
    if (!(rate > 0 && rate <= MAX_RATE)) {
      throw Errors.badEventRate(rate);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw Errors.badSimulationDuration(duration.toString(), "it is not positive");
    }
  }

  /** How many messages the stream holds: {@code rate × duration}, rounded, at least one. */
  public long messages() {
    double seconds = duration.toNanos() / 1e9;
    return Math.max(1, Math.round(rate * seconds));
  }

  /** How long after the start message {@code index} (from 0) is due. */
  public long dueNanos(long index) {
    return Math.round(index * 1e9 / rate);
  }

  /** The interval between two messages. */
  public long intervalNanos() {
    return Math.max(1, Math.round(1e9 / rate));
  }
}
