package org.carelake.app.cli;

import picocli.CommandLine.Command;

/** {@code carelake bench}: the benchmarks, each a subcommand writing a benchmark report. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: each measures carelake against a floor measured in the same run.",
    subcommands = {Hl7BenchCommand.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
