package org.carelake.app.cli;

import org.carelake.core.ConfigException;
import org.carelake.core.Errors;

/**
 * Whether the synthetic EHR (module {@code carelake-synth}) is on the class path. The shaded jar
 * for spark-submit and Databricks leaves it out, so a command that generates data checks first and
 * fails with a clear message (exit 2) instead of a {@code NoClassDefFoundError}.
 *
 * <p>Command classes keep synthetic-EHR types out of their fields and method signatures (lambdas
 * included): picocli reflects on every command when the command line is built, and a missing type
 * there would break every command, not only the ones that generate.
 */
final class SyntheticEhr {
  private static final String PROBE = "org.carelake.synth.EhrGenerator";

  private SyntheticEhr() {}

  /**
   * Fails unless the synthetic EHR is on the class path.
   *
   * @param command the command that needs it, such as {@code source generate}
   * @throws ConfigException when it is not
   */
  static void require(String command) {
    try {
      Class.forName(PROBE, false, SyntheticEhr.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw Errors.syntheticEhrMissing(command);
    }
  }
}
