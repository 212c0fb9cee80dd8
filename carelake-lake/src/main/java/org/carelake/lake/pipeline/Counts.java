package org.carelake.lake.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Helpers for step results: counts in a stable order, and numbers as people read them. */
public final class Counts {
  private Counts() {}

  /**
   * Counts in the order given.
   *
   * @param namesAndValues a name, then its value (a long or int), and so on
   */
  public static Map<String, Long> of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Counts come in name and value pairs");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      counts.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).longValue());
    }
    return Collections.unmodifiableMap(counts);
  }

  /** A count with thousands separators ({@code 40,596}). */
  public static String format(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
