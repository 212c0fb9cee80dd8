package org.carelake.core;

/** A configuration value is missing or wrong; the program stops before doing any work. */
public final class ConfigException extends CarelakeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the key, the problem and the fix. */
  public ConfigException(String message) {
    super(message);
  }
}
