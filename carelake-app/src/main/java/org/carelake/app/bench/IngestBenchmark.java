package org.carelake.app.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.cli.Progress;
import org.carelake.app.cli.ProgressListener;
import org.carelake.app.pipeline.BatchPipeline;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.pipeline.PipelineScope;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.run.RunRecord;
import org.carelake.source.GenerationSummary;
import org.carelake.source.SourceSchema;
import org.carelake.synth.ChurnSettings;
import org.carelake.synth.EhrChurn;
import org.carelake.synth.EhrGenerator;
import org.carelake.synth.GeneratorSettings;
import org.postgresql.PGConnection;

/**
 * The ingestion benchmark: source to bronze, full and incremental, against a floor measured in the
 * same run on the same data.
 *
 * <ul>
 *   <li>{@code full-load}: a full run through bronze (extract every table into the raw zone, append
 *       to bronze). Floor: COPY TO of the same tables into local files, plus Spark reading those
 *       rows and writing them as Parquet. {@code ratio} = seconds / floor seconds.
 *   <li>{@code incremental-1pct}: after churn of 1% of the rows, an incremental run through bronze.
 *       {@code fraction} = its seconds / the full load's seconds.
 * </ul>
 *
 * <p>Side effects: replaces the data in the given source database, and deletes and rebuilds the
 * lake named in the configuration (the command points it at a folder of its own).
 */
public final class IngestBenchmark {
  /** Goal: the full load within 2.5 times the floor. */
  public static final double RATIO_GOAL = 2.5;

  /** Goal: an incremental run of 1% churn within a tenth of the full load. */
  public static final double FRACTION_GOAL = 0.10;

  private final CarelakeConfig config;
  private final JdbcEndpoint source;
  private final JdbcEndpoint publish;
  private final Progress progress;

  /**
   * A benchmark over one source and one lake.
   *
   * @param config the configuration, whose lake is rebuilt
   * @param source a database whose data may be replaced
   * @param publish the publish target (unused by the measured stages)
   * @param progress where progress lines go
   */
  public IngestBenchmark(
      CarelakeConfig config, JdbcEndpoint source, JdbcEndpoint publish, Progress progress) {
    this.config = config;
    this.source = source;
    this.publish = publish;
    this.progress = progress;
  }

  /** Runs the benchmark for a number of generated patients. */
  public BenchmarkReport run(int patients) {
    Progress.Step generating = progress.start("generate " + Progress.count(patients) + " patients");
    SourceSchema.migrate(source);
    GenerationSummary generated =
        EhrGenerator.generate(source, new GeneratorSettings(patients, 1, 0.0));
    generating.done(Progress.count(generated.totalRows()) + " rows");

    Lake lake = Lake.open(config);
    BatchPipeline pipeline =
        new BatchPipeline(lake, source, publish, new ProgressListener(progress));
    SparkSession spark = lake.spark();
    LakeFiles files = lake.files();
    files.delete(config.lakeUri().toString());
    warmUp(spark);

    Path floorFolder = config.dataDir().resolve("bench/ingest-floor");
    Progress.Step floorStep = progress.start("floor: COPY TO + Spark Parquet write");
    double floor = floor(spark, floorFolder);
    floorStep.done(String.format(java.util.Locale.ROOT, "%.1f s", floor));

    long started = System.nanoTime();
    RunRecord full = pipeline.run("bench", RunMode.FULL, PipelineScope.TO_BRONZE);
    double fullSeconds = (System.nanoTime() - started) / 1e9;
    long rows = extracted(full);

    int changes = (int) Math.max(1, generated.totalRows() / 100);
    Progress.Step churning = progress.start("churn " + Progress.count(changes) + " rows (1%)");
    EhrChurn.churn(source, new ChurnSettings(changes, 7));
    churning.done("done");
    started = System.nanoTime();
    RunRecord incremental = pipeline.run("bench", RunMode.INCREMENTAL, PipelineScope.TO_BRONZE);
    double incrementalSeconds = (System.nanoTime() - started) / 1e9;

    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("patients", patients);
    parameters.put("source_rows", generated.totalRows());
    parameters.put("tables", IngestTable.ALL.size());
    parameters.put("spark_master", config.spark().master());
    parameters.put(
        "extract_partitions", config.get(org.carelake.config.ConfigKeys.SOURCE_EXTRACT_PARTITIONS));
    return BenchmarkReport.start("ingest", parameters)
        .with(
            BenchmarkReport.Scenario.withFloor("full-load", fullSeconds, floor)
                .withMetric("rows", rows)
                .withMetric("rows_per_second", Math.round(rows / fullSeconds))
                .withMetric("goal_ratio_at_most", RATIO_GOAL))
        .with(
            BenchmarkReport.Scenario.alone("incremental-1pct", incrementalSeconds)
                .withMetric("rows", extracted(incremental))
                .withMetric("changes", changes)
                .withMetric("fraction", incrementalSeconds / fullSeconds)
                .withMetric("goal_fraction_at_most", FRACTION_GOAL));
  }

  private static long extracted(RunRecord run) {
    return run.steps().stream()
        .filter(step -> step.name().startsWith("extract:"))
        .mapToLong(step -> step.count("rows"))
        .sum();
  }

  /** A first small Delta write, so that neither side pays the JVM's and Delta's warm-up. */
  private void warmUp(SparkSession spark) {
    String path = config.dataDir().resolve("bench/warm-up").toUri().toString();
    spark.range(10).write().format("delta").mode("overwrite").save(path);
    spark.range(10).write().mode("overwrite").parquet(path + "-parquet");
  }

  /** COPY TO of every table into local CSV files, then Spark writing the same rows as Parquet. */
  private double floor(SparkSession spark, Path folder) {
    try {
      deleteRecursively(folder);
      Files.createDirectories(folder);
      long started = System.nanoTime();
      List<String> csvs = new ArrayList<>();
      try (Connection connection = source.connect()) {
        for (IngestTable table : IngestTable.ALL) {
          Path csv = folder.resolve(table.name() + ".csv");
          try (OutputStream out = Files.newOutputStream(csv)) {
            connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut(
                    "COPY \"" + table.name() + "\" TO STDOUT WITH (FORMAT csv, HEADER true)", out);
          }
          csvs.add(csv.toString());
        }
      }
      for (String csv : csvs) {
        spark
            .read()
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .csv(csv)
            .write()
            .mode("overwrite")
            .parquet(csv.replace(".csv", ".parquet"));
      }
      return (System.nanoTime() - started) / 1e9;
    } catch (SQLException e) {
      throw new IllegalStateException("The floor's COPY failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw Errors.fileFailed("write", folder.toString(), e);
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
