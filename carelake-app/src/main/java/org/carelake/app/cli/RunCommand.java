package org.carelake.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.carelake.app.pipeline.BatchPipeline;
import org.carelake.app.pipeline.ExtractMode;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.Durations;
import org.carelake.core.CarelakeException;
import org.carelake.lake.run.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code carelake run}: one pipeline run, or one every so often, against the configured services.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline against the configured services, once or on a schedule.",
      "",
      "A run extracts each source table's changes since the last successful run into the raw"
          + " zone, appends them (and the source's deletions) to bronze, validates and merges"
          + " them into silver (rejected rows go to quarantine with their reasons), checks that"
          + " the counts reconcile, rebuilds gold and publishes it.",
      "If the last run did not succeed, this resumes it from the step that failed, under the"
          + " same run id, without duplicating anything. One run at a time per lake.",
      "With no source.jdbc-url configured it uses the embedded PostgreSQL in the data folder"
          + " (filled by 'carelake demo' or 'carelake source generate')."
    })
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--full",
      description = "Extract every row, ignoring the watermarks of earlier runs (no resume).")
  private boolean full;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      description =
          "Keep running: start a run every DURATION (30s, 5m, 1h). A failed run is reported and"
              + " the next one starts on time, resuming it. Ctrl-C stops after the current run.")
  private String every;

  @Option(
      names = "--max-runs",
      paramLabel = "N",
      description = "With --every, stop after N runs (default: never).")
  private Integer maxRuns;

  @Override
  public Integer call() {
    CarelakeConfig config = configOptions.load();
    Duration interval = null;
    if (every != null) {
      try {
        interval = Durations.parse(every);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "--every: " + e.getMessage() + "; give a duration such as 30s, 5m or 1h.");
      }
    }
    Progress progress = Progress.toStandardOutput();
    try (Services services =
        Services.start(config, EnumSet.of(Services.Role.SOURCE, Services.Role.PUBLISH))) {
      BatchPipeline pipeline =
          new BatchPipeline(config, services.source(), services.publish(), progress);
      ExtractMode mode = full ? ExtractMode.FULL : ExtractMode.INCREMENTAL;
      if (interval == null) {
        long started = System.nanoTime();
        RunRecord run = pipeline.run("run", mode);
        RunSummary.print(progress, run, (System.nanoTime() - started) / 1e9);
        return 0;
      }
      return schedule(pipeline, progress, interval, mode);
    }
  }

  private int schedule(
      BatchPipeline pipeline, Progress progress, Duration interval, ExtractMode first) {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "carelake-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int runs = 0;
    int failures = 0;
    ExtractMode mode = first;
    progress.line("running every " + every + "; Ctrl-C stops after the current run");
    try {
      while (maxRuns == null || runs < maxRuns) {
        Instant next = Instant.now().plus(interval);
        long started = System.nanoTime();
        try {
          RunRecord run = pipeline.run("run", mode);
          RunSummary.print(progress, run, (System.nanoTime() - started) / 1e9);
        } catch (CarelakeException e) {
          failures++;
          LOG.warn("event=scheduled_run.failed error={}", e.getMessage());
          progress.line("run failed: " + e.getMessage());
          progress.line("the next run resumes it at " + next);
        }
        runs++;
        mode = ExtractMode.INCREMENTAL;
        if (maxRuns != null && runs >= maxRuns) {
          break;
        }
        long wait = Math.max(0, Duration.between(Instant.now(), next).toMillis());
        if (stop.await(wait, TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        LOG.info("event=scheduled_run.stopping");
      }
    }
    progress.line(runs + " runs, " + failures + " failed");
    return failures == 0 ? 0 : 1;
  }
}
