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
    private final String label;
    private final boolean wholeLineAtEnd;

    /** A step whose label is printed now, or with the rest of its line when it ends. */
    private Step(String label, boolean wholeLineAtEnd) {
      this.label = label;
      this.wholeLineAtEnd = wholeLineAtEnd;
      if (!wholeLineAtEnd) {
        out.printf(Locale.ROOT, "  %-44s ", label);
        out.flush();
      }
    }

    /** Ends the step's line with what it did; returns its wall time in seconds. */
    public double done(String detail) {
      double seconds = (System.nanoTime() - started) / 1e9;
      end(String.format(Locale.ROOT, "%s (%.1f s)", detail, seconds));
      return seconds;
    }

    /** Ends the step's line as failed. */
    public void failed() {
      end(String.format(Locale.ROOT, "FAILED (%.1f s)", (System.nanoTime() - started) / 1e9));
    }

    private void end(String text) {
      if (wholeLineAtEnd) {
        out.println(String.format(Locale.ROOT, "  %-44s %s", label, text));
      } else {
        out.println(text);
      }
    }
  }

  /** Starts a step. */
  public Step start(String label) {
    return new Step(label, false);
  }

  /**
   * Starts a step that runs at the same time as others: its whole line is printed when it ends, so
   * the lines of steps that overlap do not mix.
   */
  public Step startConcurrent(String label) {
    return new Step(label, true);
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
