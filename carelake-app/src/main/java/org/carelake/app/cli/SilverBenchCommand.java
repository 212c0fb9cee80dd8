package org.carelake.app.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.carelake.app.bench.SilverBenchmark;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.app.services.Services;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code carelake bench silver}: silver's rate against a plain Delta copy, and its rules' recall.
 */
@Command(
    name = "silver",
    mixinStandardHelpOptions = true,
    description = {
      "Measure silver: generate N patients with injected defects into a fresh database, run the"
          + " pipeline once into a fresh lake (<data-dir>/bench/silver/lake), and report silver"
          + " rows/s against the same bronze rows written as Delta without validation (the"
          + " floor), the recall of the error-level defects of the generator's manifest (goal"
          + " 100%%), the clean rows rejected (goal 0) and the person matching of duplicate"
          + " registrations.",
      "On the embedded PostgreSQL it uses databases of its own (carelake_bench_silver and"
          + " carelake_bench_publish); with source.jdbc-url set it REPLACES the data in that"
          + " source. Rows waiting for a parent are decided at once (grace period 0s); the FHIR"
          + " layer is left out."
    },
    footer = {"", "Exit code 1 when recall is below 100%% or a clean row is rejected."})
public final class SilverBenchCommand implements Callable<Integer> {
  private static final String SOURCE_DATABASE = "carelake_bench_silver";
  private static final String PUBLISH_DATABASE = "carelake_bench_publish";

  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--patients",
      paramLabel = "N",
      defaultValue = "2000",
      description = "How many patients (default ${DEFAULT-VALUE}, about 160,000 rows).")
  private int patients;

  @Option(
      names = "--defect-rate",
      paramLabel = "RATE",
      defaultValue = "0.02",
      description = "Share of rows with an injected defect (default ${DEFAULT-VALUE}).")
  private double defectRate;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the generated data (default ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report as JSON.")
  private Path output;

  @Override
  public Integer call() {
    SyntheticEhr.require("bench silver");
    CarelakeConfig loaded = configOptions.load();
    Path lake = loaded.dataDir().resolve("bench").resolve("silver").resolve("lake");
    CarelakeConfig config =
        configOptions.load(
            Map.of(
                ConfigKeys.LAKE_URI.name(),
                lake.toAbsolutePath().toUri().toString(),
                ConfigKeys.SILVER_REFERENCE_GRACE_PERIOD.name(),
                "0s",
                // The FHIR layer is not measured, and validating every resource took longer than
                // the rest of the run together (about five minutes for 1,000 patients here).
                ConfigKeys.FHIR_ENABLED.name(),
                "false"));
    try (Services services =
        Services.start(config, EnumSet.of(Services.Role.SOURCE, Services.Role.PUBLISH))) {
      JdbcEndpoint source =
          services
              .embeddedPostgres()
              .map(postgres -> freshDatabase(postgres, SOURCE_DATABASE))
              .orElse(services.source());
      JdbcEndpoint publish =
          services
              .embeddedPostgres()
              .map(postgres -> freshDatabase(postgres, PUBLISH_DATABASE))
              .orElse(services.publish());
      BenchmarkReport report =
          SilverBenchmark.run(
              config,
              source,
              publish,
              new SilverBenchmark.Settings(patients, defectRate, seed),
              Progress.toStandardOutput());
      System.out.print(report.summary());
      if (output != null) {
        report.write(output);
        System.out.println("report written to " + output);
      }
      Map<String, Object> silver = report.scenarios().get(0).metrics();
      boolean met =
          Double.valueOf(1.0).equals(silver.get("recall"))
              && Long.valueOf(0).equals(silver.get("false_positives"));
      return met ? 0 : org.carelake.app.CarelakeCli.EXIT_FAILED;
    }
  }

  private static JdbcEndpoint freshDatabase(EmbeddedPostgresService postgres, String name) {
    try (Connection connection = postgres.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw Errors.benchDatabaseFailed(name, e);
    }
    return new JdbcEndpoint(postgres.jdbcUrl(name), EmbeddedPostgresService.USER, Optional.empty());
  }
}
