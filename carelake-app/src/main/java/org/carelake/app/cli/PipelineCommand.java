package org.carelake.app.cli;

import java.util.concurrent.Callable;
import org.carelake.app.pipeline.PipelineGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
    @Option(names = "--mermaid", description = "Print the graph as a mermaid flowchart instead.")
    private boolean mermaid;

    @Override
    public Integer call() {
      if (mermaid) {
        System.out.println("flowchart LR");
        for (PipelineGraph.Step step : PipelineGraph.ehr()) {
          String id = step.name().replace(':', '_');
          System.out.println("  " + id + "[\"" + step.name() + "\"]");
          for (String dependency : step.dependsOn()) {
            System.out.println("  " + dependency.replace(':', '_') + " --> " + id);
          }
        }
        return 0;
      }
      int number = 1;
      for (PipelineGraph.Step step : PipelineGraph.ehr()) {
        System.out.printf("%2d. %-32s %s%n", number++, step.name(), step.description());
        if (!step.dependsOn().isEmpty()) {
          System.out.printf("    %-32s after %s%n", "", String.join(", ", step.dependsOn()));
        }
      }
      return 0;
    }
  }
}
