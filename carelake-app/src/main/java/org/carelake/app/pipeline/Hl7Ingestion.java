package org.carelake.app.pipeline;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.ConfigKeys;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.Hl7Pipeline;
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
 * One HL7 ingestion ({@link Hl7Pipeline}) under the lake's lock: resumes the last HL7 run when it
 * did not succeed (so files it landed before a crash reach bronze and silver), or starts a new one,
 * and hands the steps to the {@link StepExecutor}. Recorded in the run history as a run of command
 * {@code hl7 ingest}.
 */
public final class Hl7Ingestion {
  /** The command HL7 runs are recorded under. */
  public static final String COMMAND = "hl7 ingest";

  private static final Logger LOG = LoggerFactory.getLogger(Hl7Ingestion.class);

  private final Lake lake;
  private final Supplier<JdbcEndpoint> publish;
  private final StepListener listener;

  /**
   * An ingestion into a lake.
   *
   * @param lake the lake, with its configuration
   * @param publish the database gold is published to, asked for when a publish step runs
   * @param listener receives the run's progress
   */
  public Hl7Ingestion(Lake lake, Supplier<JdbcEndpoint> publish, StepListener listener) {
    this.lake = lake;
    this.publish = publish;
    this.listener = listener;
  }

  /** The steps a run executes for an inbox, in registration order. */
  public Pipeline pipeline(Optional<String> inbox) {
    return Hl7Pipeline.of(lake, folder(inbox), publish);
  }

  /**
   * Ingests the files waiting in an inbox through every stage, or resumes the last HL7 run if it
   * did not succeed.
   *
   * @param inbox the inbox folder (a URI or path); empty for {@code <lake>/raw/inbox/hl7}
   * @return the finished run
   * @throws org.carelake.core.CarelakeException when a step fails; the run is recorded as failed
   *     and the next ingestion resumes it
   */
  public RunRecord run(Optional<String> inbox) {
    return run(inbox, PipelineScope.ALL);
  }

  /**
   * Ingests the files waiting in an inbox through the stages of a scope.
   *
   * @param inbox the inbox folder (a URI or path); empty for {@code <lake>/raw/inbox/hl7}
   * @param scope which stages run; {@link PipelineScope#LAKE_ONLY} without a publish database,
   *     {@link PipelineScope#TO_SILVER} for the benchmark
   * @return the finished run
   */
  public RunRecord run(Optional<String> inbox, PipelineScope scope) {
    String starting = "start Spark (" + lake.config().spark().master() + ")";
    listener.preparing(starting);
    SparkSession spark = lake.spark();
    listener.prepared(starting, "ready");
    StandardFunctions.register(spark);
    listener.preparing("ICD-10-CM code set");
    Icd10CodeSet codeSet = CodeSets.register(spark, lake.config());
    listener.prepared(
        "ICD-10-CM code set", codeSet.release() + ", " + Counts.format(codeSet.size()) + " codes");
    RunHistory history = lake.history();
    try (LakeLock lock = lake.lock("carelake " + COMMAND)) {
      Optional<RunRecord> unfinished =
          history
              .newestFirst()
              .filter(run -> run.command().startsWith("hl7"))
              .findFirst()
              .filter(run -> run.status() != RunStatus.SUCCEEDED);
      RunRecord run = unfinished.map(RunRecord::resumed).orElseGet(() -> history.start(COMMAND));
      history.save(run);
      listener.note((unfinished.isPresent() ? "resuming run " : "run ") + run.id() + " (hl7)");
      LOG.info("event=hl7.ingest.started run_id={} resumed={}", run.id(), unfinished.isPresent());
      StepExecutor executor =
          new StepExecutor(
              history,
              lake.config().get(ConfigKeys.RUN_TABLE_PARALLELISM),
              listener,
              lock::ensureHeld);
      return RunAudit.execute(
          lake,
          run,
          COMMAND,
          () ->
              executor.execute(
                  pipeline(inbox).only(scope::includes),
                  run,
                  RunMode.INCREMENTAL,
                  java.util.Map.of()));
    }
  }

  private String folder(Optional<String> inbox) {
    return inbox.map(Hl7Ingestion::asUri).orElseGet(() -> Hl7Pipeline.defaultInbox(lake));
  }

  private static String asUri(String folder) {
    return folder.contains("://") || folder.startsWith("file:")
        ? folder
        : java.nio.file.Path.of(folder).toAbsolutePath().toUri().toString().replaceAll("/$", "");
  }
}
