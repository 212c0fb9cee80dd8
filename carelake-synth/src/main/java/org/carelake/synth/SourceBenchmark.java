package org.carelake.synth;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.source.SourceLoad;
import org.carelake.source.SourceSchema;

/**
 * The {@code generate} benchmark: how fast the generator fills the source, compared with a raw COPY
 * of the very same rows, measured in the same run on the same database.
 *
 * <p>Scenario {@code generate-and-load}: generating every chart, staging it as COPY text and
 * loading it in one transaction (what {@code carelake source generate} does, without the
 * fingerprint). Its floor is {@code raw-copy}: the same staged files copied again into the same
 * empty tables, so the ratio is the generator's own overhead. The goal is at least 50,000 rows/s.
 *
 * <p>Side effects: replaces the data in the given database.
 */
public final class SourceBenchmark {
  /** The rows per second the generator must reach. */
  public static final double GOAL_ROWS_PER_SECOND = 50_000;

  private SourceBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param target the database to fill (its data is replaced)
   * @param patients how many patients to generate
   * @param progress receives a short line per phase
   * @return the report, with the floor measured in the same run
   */
  public static BenchmarkReport run(JdbcEndpoint target, int patients, Consumer<String> progress) {
    GeneratorSettings settings = new GeneratorSettings(patients, 1, 0.02);
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("patients", patients);
    parameters.put("seed", settings.seed());
    parameters.put("defect_rate", settings.defectRate());
    BenchmarkReport report = BenchmarkReport.start("generate", parameters);
    SourceSchema.migrate(target);
    Path folder = SourceLoad.scratchFolder();
    try (Connection connection = target.connect()) {
      connection.setAutoCommit(false);
      progress.accept("generating and loading " + patients + " patients");
      long started = System.nanoTime();
      EhrGenerator.Staged staged = EhrGenerator.stage(settings, folder, progress);
      double stageSeconds = (System.nanoTime() - started) / 1e9;
      EhrGenerator.load(connection, staged, settings);
      connection.commit();
      double seconds = (System.nanoTime() - started) / 1e9;

      progress.accept("copying the same " + staged.rows() + " rows again (the floor)");
      long floorStarted = System.nanoTime();
      EhrGenerator.load(connection, staged, settings);
      connection.commit();
      double floorSeconds = (System.nanoTime() - floorStarted) / 1e9;

      double rowsPerSecond = staged.rows() / seconds;
      return report.with(
          BenchmarkReport.Scenario.withFloor("generate-and-load", seconds, floorSeconds)
              .withMetric("rows", staged.rows())
              .withMetric("rows_per_second", Math.round(rowsPerSecond))
              .withMetric("floor_rows_per_second", Math.round(staged.rows() / floorSeconds))
              .withMetric("generate_seconds", round(stageSeconds))
              .withMetric("goal_rows_per_second", Math.round(GOAL_ROWS_PER_SECOND))
              .withMetric("meets_goal", rowsPerSecond >= GOAL_ROWS_PER_SECOND));
    } catch (SQLException e) {
      throw Errors.sourceDatabaseFailed("running the generate benchmark", e);
    } finally {
      SourceLoad.deleteQuietly(folder);
    }
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.3f", value));
  }
}
