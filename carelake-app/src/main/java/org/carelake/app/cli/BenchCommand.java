package org.carelake.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carelake bench}: the benchmarks, each reporting against a floor measured in the run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run a benchmark and report it: the machine, the data size, the figure, and the floor it"
          + " is compared with (the same work on the bare engine), measured in the same run."
    },
    subcommands = {FhirBenchCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
