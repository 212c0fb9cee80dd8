package org.carelake.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.carelake.app.pipeline.BatchPipeline;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.Durations;
import org.carelake.core.CarelakeException;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.raw.RawZone;
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
  private static final Duration POLL = Duration.ofSeconds(2);

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
      names = "--watch-inbox",
      description =
          "Keep running, and start a run as soon as a CSV extract is dropped into the lake's"
              + " inbox (raw/inbox/ehr/<table>/*.csv; the header names the columns, with at least"
              + " the key and updated_at). Combines with --every.")
  private boolean watchInbox;

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
          new BatchPipeline(
              Lake.open(config),
              services.source(),
              services.publish(),
              new ProgressListener(progress));
      RunMode mode = full ? RunMode.FULL : RunMode.INCREMENTAL;
      if (interval == null && !watchInbox) {
        long started = System.nanoTime();
        RunRecord run = pipeline.run("run", mode);
        RunSummary.print(
            progress, run, (System.nanoTime() - started) / 1e9, config.publishSchema());
        return 0;
      }
      return schedule(pipeline, progress, config, interval, mode);
    }
  }

  private int schedule(
      BatchPipeline pipeline,
      Progress progress,
      CarelakeConfig config,
      Duration interval,
      RunMode first) {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "carelake-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Inbox inbox = new Inbox(pipeline.lake().files(), pipeline.lake().paths());
    int runs = 0;
    int failures = 0;
    RunMode mode = first;
    progress.line(
        (interval == null ? "" : "running every " + every + "; ")
            + (watchInbox ? "watching the inbox " + inbox.folder() + "; " : "")
            + "Ctrl-C stops after the current run");
    try {
      Instant next = Instant.now();
      while (maxRuns == null || runs < maxRuns) {
        boolean due = interval != null && !Instant.now().isBefore(next);
        if (!due && !(watchInbox && inbox.hasSettledFiles())) {
          if (stop.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            break;
          }
          continue;
        }
        if (interval != null) {
          next = Instant.now().plus(interval);
        }
        long started = System.nanoTime();
        try {
          RunRecord run = pipeline.run("run", mode);
          RunSummary.print(
              progress, run, (System.nanoTime() - started) / 1e9, config.publishSchema());
        } catch (CarelakeException e) {
          failures++;
          LOG.warn("event=scheduled_run.failed error={}", e.getMessage());
          progress.line("run failed: " + e.getMessage());
          progress.line("the next run resumes it");
        }
        runs++;
        mode = RunMode.INCREMENTAL;
        if (stop.getCount() == 0) {
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

  /**
   * The inbox of the EHR's tables: files count as settled when their sizes did not change between
   * two looks, so a file still being copied in is not picked up half written.
   */
  private static final class Inbox {
    private final LakeFiles files;
    private final LakePaths paths;
    private java.util.Map<String, Long> lastSizes = java.util.Map.of();

    Inbox(LakeFiles files, LakePaths paths) {
      this.files = files;
      this.paths = paths;
    }

    String folder() {
      return paths.root() + "/raw/inbox/" + LakePaths.EHR;
    }

    boolean hasSettledFiles() {
      RawZone rawZone = new RawZone(files, paths);
      java.util.Map<String, Long> sizes = new java.util.HashMap<>();
      for (IngestTable table : IngestTable.RECORDS) {
        for (String name : rawZone.inbox(LakePaths.EHR, table.name())) {
          String path = paths.inbox(LakePaths.EHR, table.name()) + "/" + name;
          sizes.put(path, files.size(path));
        }
      }
      boolean settled = !sizes.isEmpty() && sizes.equals(lastSizes);
      lastSizes = sizes;
      return settled;
    }
  }
}
