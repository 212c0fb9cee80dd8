package org.carelake.app.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines for long commands: a line when a step starts, finished with what it did and how
 * long it took. Plain text, so it reads the same in a terminal, a CI log and a file; never any
 * patient data.
 */
public final class Progress {
  private final PrintStream out;

  /** Progress to a stream. */
  public Progress(PrintStream out) {
    this.out = out;
  }

  /** Progress to standard output. */
  public static Progress toStandardOutput() {
    return new Progress(System.out);
  }

  /** A step under way; {@link #done} or {@link #failed} ends its line. */
  public final class Step {
    private final long started = System.nanoTime();

    private Step(String label) {
      out.printf(Locale.ROOT, "  %-44s ", label);
      out.flush();
    }

    /** Ends the step's line with what it did; returns its wall time in seconds. */
    public double done(String detail) {
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(Locale.ROOT, "%s (%.1f s)%n", detail, seconds);
      return seconds;
    }

    /** Ends the step's line as failed. */
    public void failed() {
      out.printf(Locale.ROOT, "FAILED (%.1f s)%n", (System.nanoTime() - started) / 1e9);
    }
  }

  /** Starts a step. */
  public Step start(String label) {
    return new Step(label);
  }

  /** Prints a plain line. */
  public void line(String text) {
    out.println(text);
  }

  /** Formats a count with thousands separators. */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
