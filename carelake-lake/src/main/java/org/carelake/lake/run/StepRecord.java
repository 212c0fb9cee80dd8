package org.carelake.lake.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a run: what it did, how long it took, and what it counted.
 *
 * @param name the step's name, e.g. {@code bronze:patients}
 * @param status its state
 * @param startedAt ISO-8601 UTC
 * @param endedAt ISO-8601 UTC, or null while running
 * @param seconds wall time, or null while running
 * @param counts named row counts (read, written, quarantined, ...)
 * @param error the error message when it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRecord(
    String name,
    RunStatus status,
    String startedAt,
    String endedAt,
    Double seconds,
    Map<String, Long> counts,
    String error) {

  /** The same step with one more count. */
  StepRecord withCount(String key, long value) {
    Map<String, Long> more = new LinkedHashMap<>(counts == null ? Map.of() : counts);
    more.put(key, value);
    return new StepRecord(name, status, startedAt, endedAt, seconds, more, error);
  }

  /** A count, or zero when it was not recorded. */
  public long count(String key) {
    return counts == null ? 0 : counts.getOrDefault(key, 0L);
  }
}
