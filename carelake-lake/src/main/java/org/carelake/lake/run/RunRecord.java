package org.carelake.lake.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pipeline run, as kept in the run history.
 *
 * @param id the run id: a zero-padded sequence number and the start time, so ids sort by time
 * @param sequence the run's sequence number in this lake, from 1
 * @param command what started it ({@code demo}, {@code run}, ...)
 * @param status its state
 * @param startedAt ISO-8601 UTC
 * @param endedAt ISO-8601 UTC, or null while running
 * @param steps the steps, in the order they ran
 * @param watermarks per source table, the exclusive upper bound of {@code updated_at} extracted
 * @param error the error message when it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
    String id,
    long sequence,
    String command,
    RunStatus status,
    String startedAt,
    String endedAt,
    List<StepRecord> steps,
    Map<String, String> watermarks,
    String error) {

  /** The same run with a step added, or replaced when one of the same name exists. */
  public RunRecord withStep(StepRecord step) {
    List<StepRecord> more = new ArrayList<>(steps);
    more.removeIf(existing -> existing.name().equals(step.name()));
    more.add(step);
    return new RunRecord(
        id, sequence, command, status, startedAt, endedAt, more, watermarks, error);
  }

  /** The same run with one table's watermark set. */
  public RunRecord withWatermark(String table, String watermark) {
    Map<String, String> more = new LinkedHashMap<>(watermarks);
    more.put(table, watermark);
    return new RunRecord(id, sequence, command, status, startedAt, endedAt, steps, more, error);
  }

  /** The same run, ended. */
  public RunRecord ended(RunStatus outcome, String endTime, String failure) {
    return new RunRecord(
        id, sequence, command, outcome, startedAt, endTime, steps, watermarks, failure);
  }

  /**
   * The same run, running again: a resume keeps its id, sequence, watermarks and the steps that
   * succeeded, and runs the others again.
   */
  public RunRecord resumed() {
    List<StepRecord> kept =
        steps.stream().filter(step -> step.status() == RunStatus.SUCCEEDED).toList();
    return new RunRecord(
        id, sequence, command, RunStatus.RUNNING, startedAt, null, kept, watermarks, null);
  }

  /** A step by name. */
  public Optional<StepRecord> step(String name) {
    return steps.stream().filter(step -> step.name().equals(name)).findFirst();
  }
}
