package org.carelake.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.StepRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake status}: the recent runs and their outcome, read from the run history. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the recent pipeline runs, newest first: when each started, how long it took, whether"
          + " it succeeded, and how many rows it extracted, upserted, quarantined and published.",
      "A failed run shows the step that failed and its error. Reads the run history in the lake"
          + " (_carelake/runs); starts no service."
    })
public final class StatusCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--limit",
      defaultValue = "10",
      description = "How many runs to show (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Override
  public Integer call() {
    CarelakeConfig config = configOptions.load();
    RunHistory history = Lake.open(config).history();
    List<RunRecord> runs = history.latest(limit);
    System.out.println("lake: " + config.lakeUri());
    if (runs.isEmpty()) {
      System.out.println("No runs yet. Start one with 'carelake demo' or 'carelake run'.");
      return 0;
    }
    System.out.printf(
        Locale.ROOT,
        "%-24s %-6s %-9s %-20s %8s %10s %10s %11s %9s%n",
        "run",
        "cmd",
        "status",
        "started (UTC)",
        "seconds",
        "extracted",
        "upserted",
        "quarantined",
        "published");
    for (RunRecord run : runs) {
      long extracted = sum(run, "extract", "rows");
      long upserted = sum(run, "silver", "upserted");
      long quarantined = sum(run, "silver", "quarantined");
      long published = sum(run, "publish", "rows");
      String seconds =
          run.endedAt() == null
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%.1f",
                  Duration.between(Instant.parse(run.startedAt()), Instant.parse(run.endedAt()))
                          .toMillis()
                      / 1000.0);
      System.out.printf(
          Locale.ROOT,
          "%-24s %-6s %-9s %-20s %8s %10d %10d %11d %9d%n",
          run.id(),
          run.command(),
          run.status().name().toLowerCase(Locale.ROOT),
          run.startedAt().substring(0, Math.min(19, run.startedAt().length())).replace('T', ' '),
          seconds,
          extracted,
          upserted,
          quarantined,
          published);
      if (run.error() != null) {
        String failedStep =
            run.steps().stream()
                .filter(step -> step.error() != null)
                .map(StepRecord::name)
                .findFirst()
                .orElse("(run)");
        System.out.println("    failed at " + failedStep + ": " + run.error());
      }
    }
    return 0;
  }

  private static long sum(RunRecord run, String stage, String count) {
    return run.steps().stream()
        .filter(step -> step.name().startsWith(stage + ":"))
        .mapToLong(step -> step.count(count))
        .sum();
  }
}
