package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.carelake.app.CarelakeCli;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.app.services.Services;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.synth.SourceBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake bench generate}: the source generator against a raw COPY of its rows. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the source generator: generate N patients (seed 1, defect rate 0.02) and load"
          + " them with COPY, then COPY the very same rows again as the floor.",
      "Reports rows/s for both and the ratio; the goal is at least 50,000 rows/s.",
      "On the embedded PostgreSQL it uses a database of its own (carelake_bench), so the source"
          + " data is left alone; with source.jdbc-url set it REPLACES the data in that source."
    },
    footer = {"", "Exit code 1 when the goal is not met."})
public final class BenchGenerateCommand implements Callable<Integer> {
  private static final String DATABASE = "carelake_bench";

  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--patients",
      paramLabel = "N",
      defaultValue = "10000",
      description = "How many patients (default ${DEFAULT-VALUE}, about 700,000 rows).")
  private int patients;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report as JSON.")
  private Path output;

  @Override
  public Integer call() {
    SyntheticEhr.require("bench generate");
    CarelakeConfig config = configOptions.load();
    if (patients < 1) {
      throw Errors.badPatientCount(patients);
    }
    try (Services services = Services.start(config, EnumSet.of(Services.Role.SOURCE))) {
      JdbcEndpoint target =
          services
              .embeddedPostgres()
              .map(BenchGenerateCommand::benchDatabase)
              .orElse(services.source());
      BenchmarkReport report =
          SourceBenchmark.run(target, patients, line -> System.out.println("  " + line));
      System.out.print(report.summary());
      if (output != null) {
        report.write(output);
        System.out.println("report written to " + output);
      }
      Object meets = report.scenarios().get(0).metrics().get("meets_goal");
      return Boolean.TRUE.equals(meets) ? 0 : CarelakeCli.EXIT_FAILED;
    }
  }

  private static JdbcEndpoint benchDatabase(EmbeddedPostgresService postgres) {
    return postgres.database(DATABASE);
  }
}
