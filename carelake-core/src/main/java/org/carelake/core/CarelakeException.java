package org.carelake.core;

/**
 * The one unchecked exception carelake throws for a problem a user can act on.
 *
 * <p>Messages are built in {@link Errors}, and each says what went wrong, why, and what to do about
 * it. Subclasses exist only where a caller handles them differently: {@link ConfigException} ends
 * the program with the usage exit code.
 */
public class CarelakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that states the problem, its cause and the fix. */
  public CarelakeException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the exception that caused it. */
  public CarelakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
