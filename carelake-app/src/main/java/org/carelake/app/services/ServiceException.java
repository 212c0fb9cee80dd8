package org.carelake.app.services;

import org.carelake.core.CarelakeException;

/**
 * An embedded service (Kafka, PostgreSQL) could not start, serve a request or stop.
 *
 * <p>The message states what went wrong, why, and what to do about it, so that it can be shown to
 * an operator as it is. The cause, when there is one, is the exception the service raised.
 */
public final class ServiceException extends CarelakeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with no underlying cause.
   *
   * @param message what went wrong, why, and how to fix it
   */
  public ServiceException(String message) {
    super(message);
  }

  /**
   * Creates an exception that wraps the failure reported by the service.
   *
   * @param message what went wrong, why, and how to fix it
   * @param cause the exception the service raised
   */
  public ServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
