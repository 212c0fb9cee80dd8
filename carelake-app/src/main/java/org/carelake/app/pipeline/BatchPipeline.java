package org.carelake.app.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.ConfigKeys;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.EhrPipeline;
import org.carelake.lake.pipeline.Pipeline;
import org.carelake.lake.pipeline.PipelineScope;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.pipeline.StepExecutor;
import org.carelake.lake.pipeline.StepListener;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.silver.StandardFunctions;
import org.carelake.lake.terminology.CodeSets;
import org.carelake.terminology.Icd10CodeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch run of the EHR pipeline ({@link EhrPipeline}) under the lake's lock: picks the run to
 * resume or starts a new one, with the watermarks of the last successful run, and hands the steps
 * to the {@link StepExecutor}.
 *
 * <p>A run that did not succeed is resumed by the next one, under the same run id, from its steps
 * that did not succeed: every step is idempotent, so a resume never duplicates.
 */
public final class BatchPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

  private final Lake lake;
  private final JdbcEndpoint source;
  private final JdbcEndpoint publish;
  private final StepListener listener;

  /**
   * A pipeline between a source and a publish target.
   *
   * @param lake the lake, with its configuration
   * @param source the source EHR database
   * @param publish the publish target database
   * @param listener receives the run's progress
   */
  public BatchPipeline(
      Lake lake, JdbcEndpoint source, JdbcEndpoint publish, StepListener listener) {
    this.lake = lake;
    this.source = source;
    this.publish = publish;
    this.listener = listener;
  }

  /** The lake the pipeline writes. */
  public Lake lake() {
    return lake;
  }

  /** The steps a run executes, in registration order. */
  public Pipeline pipeline() {
    return EhrPipeline.of(lake, () -> source, () -> publish);
  }

  /**
   * Runs the pipeline once, or resumes the last run if it did not succeed.
   *
   * @param command what started the run, recorded in the history
   * @param mode incremental or full extraction; a full run never resumes
   * @return the finished run's record
   * @throws org.carelake.core.CarelakeException when a step fails; the run is recorded as failed
   */
  public RunRecord run(String command, RunMode mode) {
    return run(command, mode, PipelineScope.ALL);
  }

  /**
   * Runs the pipeline's steps up to a stage, or resumes the last run if it did not succeed.
   *
   * @param command what started the run, recorded in the history
   * @param mode incremental or full extraction; a full run never resumes
   * @param scope which stages run; anything short of ALL is for benchmarks and maintenance, since
   *     the later stages of such a run are never made up for
   * @return the finished run's record
   */
  public RunRecord run(String command, RunMode mode, PipelineScope scope) {
    String starting = "start Spark (" + lake.config().spark().master() + ")";
    listener.preparing(starting);
    SparkSession spark = lake.spark();
    listener.prepared(starting, "ready");
    // Silver is the first stage that standardizes values and classifies codes; a run that stops
    // at bronze skips loading them.
    if (scope.includes("silver")) {
      StandardFunctions.register(spark);
      listener.preparing("ICD-10-CM code set");
      Icd10CodeSet codeSet = CodeSets.register(spark, lake.config());
      listener.prepared(
          "ICD-10-CM code set",
          codeSet.release() + ", " + Counts.format(codeSet.size()) + " codes");
    }
    RunHistory history = lake.history();
    try (LakeLock lock = lake.lock("carelake " + command)) {
      // The history also holds HL7 ingestion runs, which have their own steps and no
      // watermarks: a batch run resumes and continues from batch runs only. Only the batch runs
      // back to the newest that succeeded matter, so the history is read no further.
      List<RunRecord> batchRuns = mode == RunMode.FULL ? List.of() : sinceLastSuccess(history);
      Optional<RunRecord> unfinished =
          batchRuns.stream().findFirst().filter(run -> run.status() != RunStatus.SUCCEEDED);
      Map<String, String> watermarks =
          batchRuns.stream()
              .filter(run -> run.status() == RunStatus.SUCCEEDED)
              .findFirst()
              .map(RunRecord::watermarks)
              .orElse(Map.of());
      RunRecord run = unfinished.map(RunRecord::resumed).orElseGet(() -> history.start(command));
      history.save(run);
      listener.note(
          (unfinished.isPresent() ? "resuming run " : "run ")
              + run.id()
              + " ("
              + mode.name().toLowerCase(Locale.ROOT)
              + ")");
      LOG.info(
          "event=run.started run_id={} command={} mode={} resumed={}",
          run.id(),
          command,
          mode,
          unfinished.isPresent());
      StepExecutor executor =
          new StepExecutor(
              history,
              lake.config().get(ConfigKeys.RUN_TABLE_PARALLELISM),
              listener,
              // A run whose lock another runner took over stops before its next step commits.
              lock::ensureHeld);
      return RunAudit.execute(
          lake,
          run,
          command,
          () -> executor.execute(pipeline().only(scope::includes), run, mode, watermarks));
    }
  }

  /** The batch runs, newest first, down to and with the newest one that succeeded. */
  private static List<RunRecord> sinceLastSuccess(RunHistory history) {
    List<RunRecord> runs = new ArrayList<>();
    for (Iterator<RunRecord> newest =
            history.newestFirst().filter(BatchPipeline::isBatchRun).iterator();
        newest.hasNext(); ) {
      RunRecord run = newest.next();
      runs.add(run);
      if (run.status() == RunStatus.SUCCEEDED) {
        break;
      }
    }
    return runs;
  }

  /** Whether a run in the history is a batch run (not an HL7 ingestion). */
  private static boolean isBatchRun(RunRecord run) {
    return !run.command().startsWith("hl7");
  }
}
