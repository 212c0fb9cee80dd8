package org.carelake.app.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.EhrPipeline;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake pipeline}: what a run does. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Show the pipeline's steps and how they depend on each other.",
    subcommands = {PipelineCommand.Show.class})
public final class PipelineCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake pipeline show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Print the batch pipeline's steps in the order a run executes them, each with the steps"
            + " it depends on and what it does.",
        "A resumed run skips the steps that succeeded before it was interrupted."
      })
  static final class Show implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(names = "--mermaid", description = "Print the graph as a mermaid flowchart instead.")
    private boolean mermaid;

    @Override
    public Integer call() {
      List<Step> steps = steps(configOptions.load());
      if (mermaid) {
        System.out.println("flowchart LR");
        for (Step step : steps) {
          String id = step.name().toString().replace(':', '_');
          System.out.println("  " + id + "[\"" + step.name() + "\"]");
          for (StepName dependency : step.dependsOn()) {
            System.out.println("  " + dependency.toString().replace(':', '_') + " --> " + id);
          }
        }
        return 0;
      }
      int number = 1;
      for (Step step : steps) {
        System.out.printf("%2d. %-32s %s%n", number++, step.name(), step.description());
        if (!step.dependsOn().isEmpty()) {
          System.out.printf(
              "    %-32s after %s%n",
              "", String.join(", ", step.dependsOn().stream().map(StepName::toString).toList()));
        }
      }
      return 0;
    }

    /**
     * The steps a run executes, from the same registration; drawing them connects to no database
     * and starts no Spark session.
     */
    static List<Step> steps(CarelakeConfig config) {
      Supplier<JdbcEndpoint> unused =
          () -> {
            throw new IllegalStateException("pipeline show runs no step");
          };
      return EhrPipeline.of(Lake.open(config), unused, unused).steps();
    }
  }
}
