package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carelake.bench.BenchmarkReport;
import org.carelake.fhir.FhirBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carelake bench fhir}: FHIR mapping, serialization and validation rates. */
@Command(
    name = "fhir",
    mixinStandardHelpOptions = true,
    description = {
      "Measure FHIR R4 mapping plus JSON serialization (floor: HAPI's bare serialization of the"
          + " same resources; goal: at least half its rate) and HAPI validation (in Bundles of"
          + " 100 against one resource per call), on realistic records of every resource type."
          + " Starts no service."
    })
public final class FhirBenchCommand implements Callable<Integer> {
  @Option(
      names = "--resources",
      defaultValue = "10000",
      description = "Resources to map and validate (default: ${DEFAULT-VALUE}).")
  private int resources;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the JSON report here.")
  private Path output;

  @Override
  public Integer call() {
    BenchmarkReport report = FhirBenchmark.run(resources);
    System.out.print(report.summary());
    if (output != null) {
      report.write(output);
      System.out.println("report " + output.toAbsolutePath());
    }
    return 0;
  }
}
