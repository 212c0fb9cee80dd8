package org.carelake.lake.internal.pipeline;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.function.Supplier;
import org.carelake.config.RunSettings;
import org.carelake.core.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries work that failed for a reason that may pass: a database that is unreachable, restarting
 * or out of connections, or a connection dropped mid-way. Anything else fails at once.
 */
public final class Retry {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  private Retry() {}

  /**
   * Runs the work, retrying transient failures with exponential backoff.
   *
   * @param what what the work is, for messages ("extracting table patients")
   * @param settings attempts and first backoff
   * @param work the work
   */
  public static <T> T onTransientFailure(String what, RunSettings settings, Supplier<T> work) {
    Duration wait = settings.retryBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (!isTransient(e)) {
          throw e;
        }
        if (attempt >= settings.retryAttempts()) {
          throw Errors.retriesExhausted(what, attempt, e);
        }
        LOG.warn(
            "event=retry what=\"{}\" attempt={} wait_ms={} error={}",
            what,
            attempt,
            wait.toMillis(),
            e.getClass().getSimpleName());
        sleep(wait);
        wait = wait.multipliedBy(2);
      }
    }
  }

  /** Whether a failure may pass by itself: connection and availability errors. */
  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientException
          || cause instanceof ConnectException
          || cause instanceof SocketException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect
        // now; 53300: too many connections; 40001: serialization failure.
        if (state.startsWith("08")
            || state.startsWith("57P")
            || state.equals("53300")
            || state.equals("40001")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to retry", e);
    }
  }
}
