package org.carelake.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.StepRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code carelake runs}: the run history, one run at a time. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Look into the run history ('carelake status' lists the recent runs).",
    subcommands = {RunsCommand.Show.class})
public final class RunsCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake runs show <id>}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Show one run: its outcome, its watermarks, and every step with its status, time, row"
            + " counts and error."
      })
  static final class Show implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Parameters(paramLabel = "RUN-ID", description = "The run, as 'carelake status' lists it.")
    private String id;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      RunHistory history = Lake.open(config).history();
      RunRecord run = history.find(id).orElse(null);
      if (run == null) {
        System.err.println(
            "carelake: no run '"
                + id
                + "' in the lake at "
                + config.lakeUri()
                + "; 'carelake status' lists the runs there.");
        return 1;
      }
      System.out.printf(
          Locale.ROOT,
          "run %s (%s): %s, started %s, ended %s%n",
          run.id(),
          run.command(),
          run.status().name().toLowerCase(Locale.ROOT),
          run.startedAt(),
          run.endedAt() == null ? "-" : run.endedAt());
      if (run.error() != null) {
        System.out.println("error: " + run.error());
      }
      System.out.println("watermarks (updated_at extracted up to, exclusive):");
      run.watermarks().forEach((table, mark) -> System.out.printf("  %-20s %s%n", table, mark));
      System.out.println("steps:");
      for (StepRecord step : run.steps()) {
        System.out.printf(
            Locale.ROOT,
            "  %-34s %-9s %7s  %s%n",
            step.name(),
            step.status().name().toLowerCase(Locale.ROOT),
            step.seconds() == null ? "-" : String.format(Locale.ROOT, "%.1f s", step.seconds()),
            step.counts() == null ? "" : step.counts());
        if (step.error() != null) {
          System.out.println("      error: " + step.error());
        }
      }
      return 0;
    }
  }
}
