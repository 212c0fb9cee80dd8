package org.carelake.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carelake bench}: whole-pipeline benchmarks that report against a floor. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks of carelake's stages on this machine.",
      "",
      "Every benchmark follows one convention: it states the machine (cores, heap, OS, Java),"
          + " the data size, the measured figure, and a floor: the same work done by the bare"
          + " underlying engine (a raw COPY, a plain Parquet write, the parser alone), measured in"
          + " the same run. The ratio to the floor is what carries from one machine to another.",
      "Each prints a summary; with --output FILE it also writes the report as JSON."
    },
    subcommands = {
      BenchGenerateCommand.class,
      BenchIngestCommand.class,
      Hl7BenchCommand.class,
      Hl7IngestBenchCommand.class,
      FhirBenchCommand.class,
      SilverBenchCommand.class,
      StreamBenchCommand.class
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
