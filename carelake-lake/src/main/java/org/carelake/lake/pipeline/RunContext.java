package org.carelake.lake.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.StepRecord;

/**
 * One run as its steps see it: its id and sequence, when it started, its mode, the watermarks the
 * last successful run reached, and what the run's earlier steps recorded.
 */
public final class RunContext {
  private final Supplier<RunRecord> run;
  private final RunMode mode;
  private final Map<String, String> previousWatermarks;

  /**
   * A context over a run whose record the executor keeps current.
   *
   * @param run the run's record as it stands now
   * @param mode incremental or full
   * @param previousWatermarks per source table, where the last successful run stopped
   */
  public RunContext(Supplier<RunRecord> run, RunMode mode, Map<String, String> previousWatermarks) {
    this.run = run;
    this.mode = mode;
    this.previousWatermarks = Map.copyOf(previousWatermarks);
  }

  /** The run id; every row the run writes carries it. */
  public String runId() {
    return run.get().id();
  }

  /**
   * The run's sequence number in the lake, from 1: the transaction version of its idempotent
   * appends.
   */
  public long sequence() {
    return run.get().sequence();
  }

  /** When the run started; a resumed run keeps its first start. Waits are measured up to it. */
  public Instant startedAt() {
    return Instant.parse(run.get().startedAt());
  }

  /** Incremental or full. */
  public RunMode mode() {
    return mode;
  }

  /** Whether the run rebuilds everything from the whole source (a full run). */
  public boolean full() {
    return mode == RunMode.FULL;
  }

  /** Where the last successful run's extraction of a table stopped, if it ran. */
  public Optional<String> previousWatermark(String table) {
    return Optional.ofNullable(previousWatermarks.get(table));
  }

  /** What an earlier step of this run recorded. */
  public Optional<StepRecord> step(StepName name) {
    return run.get().step(name.toString());
  }

  /** The run's record as it stands now: its steps so far, with their counts. */
  public RunRecord record() {
    return run.get();
  }

  /** A count an earlier step of this run recorded, or zero. */
  public long count(StepName name, String count) {
    return step(name).map(step -> step.count(count)).orElse(0L);
  }
}
