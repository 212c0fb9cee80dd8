package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carelake.app.bench.IngestBenchmark;
import org.carelake.app.services.Services;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.config.JdbcEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake bench ingest}: source to bronze against COPY plus a plain Parquet write. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Measure ingestion, source to bronze: a full load, and an incremental run after 1%% churn.",
      "",
      "full-load is compared with a floor measured in the same run: COPY TO of the same tables"
          + " plus writing the same rows as Parquet with Spark (ratio = seconds / floor seconds;"
          + " goal at most 2.5). incremental-1pct reports fraction = its seconds / the full load's"
          + " seconds (goal at most 0.10).",
      "Uses a database (carelake_bench_ingest) on the embedded PostgreSQL and a lake under"
          + " <data-dir>/bench/ of its own, so your data is left alone."
    },
    footer = {"", "Exit code 1 when a goal is not met."})
public final class BenchIngestCommand implements Callable<Integer> {
  private static final String DATABASE = "carelake_bench_ingest";

  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--patients",
      defaultValue = "2000",
      description = "Patients to generate (default: ${DEFAULT-VALUE}).")
  private int patients;

  @Option(names = "--output", paramLabel = "FILE", description = "Also write the JSON report.")
  private Path output;

  @Override
  public Integer call() {
    SyntheticEhr.require("bench ingest");
    CarelakeConfig base = configOptions.load();
    Path lake = base.dataDir().resolve("bench/ingest-lake");
    // The benchmark's own lake, over the file, the environment and the --set overrides.
    CarelakeConfig config =
        configOptions.load(
            Map.of(
                ConfigKeys.DATA_DIR.name(), base.dataDir().toString(),
                ConfigKeys.LAKE_URI.name(), lake.toUri().toString()));
    Progress progress = Progress.toStandardOutput();
    try (Services services =
        Services.start(base, EnumSet.of(Services.Role.SOURCE, Services.Role.PUBLISH))) {
      JdbcEndpoint source = benchDatabase(services);
      BenchmarkReport report =
          new IngestBenchmark(config, source, services.publish(), progress).run(patients);
      progress.line("");
      progress.line(report.summary());
      if (output != null) {
        report.write(output);
        progress.line("report written to " + output.toAbsolutePath());
      }
      double ratio = report.scenarios().get(0).ratio();
      double fraction =
          ((Number) report.scenarios().get(1).metrics().get("fraction")).doubleValue();
      boolean ratioMet = ratio <= IngestBenchmark.RATIO_GOAL;
      boolean fractionMet = fraction <= IngestBenchmark.FRACTION_GOAL;
      boolean met = ratioMet && fractionMet;
      progress.line(
          String.format(
              Locale.ROOT,
              "goals %s: ratio %.2f (at most %.1f: %s), fraction %.3f (at most %.2f: %s)",
              met ? "met" : "NOT met",
              ratio,
              IngestBenchmark.RATIO_GOAL,
              ratioMet ? "met" : "not met",
              fraction,
              IngestBenchmark.FRACTION_GOAL,
              fractionMet ? "met" : "not met"));
      return met ? 0 : 1;
    }
  }

  private static JdbcEndpoint benchDatabase(Services services) {
    return services
        .embeddedPostgres()
        .orElseThrow(
            () ->
                new org.carelake.core.CarelakeException(
                    "bench ingest needs the embedded PostgreSQL, and source.jdbc-url points"
                        + " elsewhere; unset it (the benchmark replaces its source's data)."))
        .database(DATABASE);
  }
}
