package org.carelake.app.pipeline;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.cli.Progress;
import org.carelake.app.ingest.SourceTable;
import org.carelake.app.ingest.TableExtractor;
import org.carelake.app.services.JdbcEndpoint;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.Errors;
import org.carelake.fhir.FhirType;
import org.carelake.lake.DeltaWrites;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.LakeSession;
import org.carelake.lake.bronze.BronzeStage;
import org.carelake.lake.bronze.RawSource;
import org.carelake.lake.fhir.FhirSync;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.gold.GoldStage;
import org.carelake.lake.publish.JdbcPublisher;
import org.carelake.lake.raw.RawManifest;
import org.carelake.lake.raw.RawZone;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.SilverSink;
import org.carelake.lake.silver.SilverStage;
import org.carelake.lake.silver.TerminologyFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch run of the EHR pipeline: extract each table's changes into the raw zone, append them to
 * bronze, validate and merge them into silver (rejects to quarantine), rebuild gold, publish it,
 * and check that the counts reconcile. Every step is recorded in the run history.
 */
public final class BatchPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

  private final CarelakeConfig config;
  private final JdbcEndpoint source;
  private final JdbcEndpoint publish;
  private final Progress progress;

  /**
   * A pipeline between a source and a publish target.
   *
   * @param config the configuration (lake, Spark, publish schema)
   * @param source the source EHR database
   * @param publish the publish target database
   * @param progress where progress lines go
   */
  public BatchPipeline(
      CarelakeConfig config, JdbcEndpoint source, JdbcEndpoint publish, Progress progress) {
    this.config = config;
    this.source = source;
    this.publish = publish;
    this.progress = progress;
  }

  /** The Spark session the pipeline uses, started on first call. */
  public SparkSession spark() {
    return LakeSession.getOrCreate(config.spark(), config.dataDir().resolve("spark"));
  }

  /**
   * Runs the pipeline once.
   *
   * @param command what started the run, recorded in the history
   * @param mode incremental or full extraction
   * @return the finished run's record
   * @throws org.carelake.core.CarelakeException when a step fails; the run is recorded as failed
   */
  public RunRecord run(String command, ExtractMode mode) {
    Progress.Step starting = progress.start("start Spark (" + config.spark().master() + ")");
    SparkSession spark = spark();
    TerminologyFunctions.register(spark);
    starting.done("ready");

    LakePaths paths = LakePaths.of(config.lakeUri());
    LakeFiles files = new LakeFiles(spark.sparkContext().hadoopConfiguration());
    RunHistory history = new RunHistory(files, paths);
    Map<String, String> watermarks =
        mode == ExtractMode.FULL
            ? Map.of()
            : history.lastSucceeded().map(RunRecord::watermarks).orElse(Map.of());
    Steps steps = new Steps(history, history.start(command));
    String runId = steps.run.id();
    progress.line("run " + runId + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
    LOG.info("event=run.started run_id={} command={} mode={}", runId, command, mode);
    try {
      RawZone rawZone = new RawZone(files, paths);
      TableExtractor extractor = new TableExtractor(source, rawZone);
      Map<String, RawManifest> manifests = new LinkedHashMap<>();
      for (SourceTable table : SourceTable.EHR) {
        RawManifest manifest =
            steps.execute(
                "extract:" + table.name(),
                "extract " + table.name(),
                step -> {
                  RawManifest landed =
                      extractor.extract(
                          runId, table, Optional.ofNullable(watermarks.get(table.name())));
                  step.put("rows", landed.rowCount());
                  step.put("bytes", landed.bytes());
                  return landed;
                },
                counts -> Progress.count(counts.get("rows")) + " rows");
        manifests.put(table.name(), manifest);
        steps.run = steps.run.withWatermark(table.name(), manifest.watermarkTo());
      }

      RawSource rawSource = new RawSource(spark, rawZone);
      for (SourceTable table : SourceTable.EHR) {
        RawManifest manifest = manifests.get(table.name());
        steps.execute(
            "bronze:" + table.name(),
            "bronze " + LakePaths.EHR + "_" + table.name(),
            step -> {
              if (manifest.rowCount() == 0) {
                step.put("rows", 0L);
                return null;
              }
              Dataset<Row> rows =
                  BronzeStage.apply(rawSource.read(manifest), manifest, table.keyColumn());
              DeltaWrites.appendOnce(
                  rows,
                  paths.bronze(LakePaths.EHR, table.name()),
                  "carelake-bronze-" + LakePaths.EHR + "_" + table.name(),
                  steps.run.sequence());
              step.put("rows", bronzeIncrement(spark, paths, table.name(), runId).count());
              return null;
            },
            counts -> Progress.count(counts.get("rows")) + " rows appended");
      }

      SilverSink silverSink = new SilverSink(spark);
      for (SilverEntity entity : EhrEntities.ALL) {
        String table = entity.sourceTable().substring(entity.sourceTable().indexOf('.') + 1);
        steps.execute(
            "silver:" + entity.name(),
            "silver " + entity.name(),
            step -> {
              if (manifests.get(table).rowCount() == 0) {
                List.of("received", "upserted", "quarantined", "duplicates", "warnings")
                    .forEach(count -> step.put(count, 0L));
                return null;
              }
              silver(spark, paths, silverSink, entity, table, runId, steps.run.sequence(), step);
              return null;
            },
            counts ->
                Progress.count(counts.get("upserted"))
                    + " upserted, "
                    + Progress.count(counts.get("quarantined"))
                    + " quarantined, "
                    + Progress.count(counts.get("duplicates"))
                    + " duplicates");
      }

      steps.execute(
          "reconcile",
          "reconcile counts",
          step -> {
            reconcile(steps.run);
            step.put("tables", (long) SourceTable.EHR.size());
            return null;
          },
          counts -> "source = bronze = silver + quarantine + duplicates");

      fhir(steps, spark, paths, runId);

      GoldStage goldStage = new GoldStage(spark, paths);
      JdbcPublisher publisher = new JdbcPublisher(publish.url(), publish.properties());
      for (GoldMart mart : GoldMart.ALL) {
        steps.execute(
            "gold:" + mart.name(),
            "gold " + mart.name(),
            step -> {
              goldStage
                  .apply(mart)
                  .write()
                  .format("delta")
                  .mode("overwrite")
                  .save(paths.gold(mart.name()));
              step.put("rows", spark.read().format("delta").load(paths.gold(mart.name())).count());
              return null;
            },
            counts -> Progress.count(counts.get("rows")) + " rows");
        steps.execute(
            "publish:" + mart.name(),
            "publish " + config.publishSchema() + "." + mart.name(),
            step -> {
              Dataset<Row> gold = spark.read().format("delta").load(paths.gold(mart.name()));
              step.put("rows", publisher.publish(gold, config.publishSchema(), mart.name()));
              return null;
            },
            counts -> Progress.count(counts.get("rows")) + " rows");
      }
      steps.run = steps.run.ended(RunStatus.SUCCEEDED, Instant.now().toString(), null);
      history.save(steps.run);
      LOG.info("event=run.succeeded run_id={}", runId);
      return steps.run;
    } catch (RuntimeException e) {
      steps.run = steps.run.ended(RunStatus.FAILED, Instant.now().toString(), e.getMessage());
      history.save(steps.run);
      LOG.error("event=run.failed run_id={}", runId, e);
      throw e;
    }
  }

  private static Dataset<Row> bronzeIncrement(
      SparkSession spark, LakePaths paths, String table, String runId) {
    return spark
        .read()
        .format("delta")
        .load(paths.bronze(LakePaths.EHR, table))
        .where(col("_run_id").equalTo(runId));
  }

  private static void silver(
      SparkSession spark,
      LakePaths paths,
      SilverSink sink,
      SilverEntity entity,
      String table,
      String runId,
      long sequence,
      Map<String, Long> step) {
    SilverStage stage = new SilverStage(entity);
    Dataset<Row> validated = stage.validate(bronzeIncrement(spark, paths, table, runId)).persist();
    try {
      SilverStage.Counts counts = stage.count(validated);
      if (counts.received() > 0) {
        sink.merge(stage.upserts(validated), paths.silver(entity.name()), entity.keyColumn());
        if (counts.quarantined() > 0) {
          DeltaWrites.appendOnce(
              stage.quarantined(validated),
              paths.quarantine(),
              "carelake-quarantine-" + entity.name(),
              sequence);
        }
      }
      step.put("received", counts.received());
      step.put("upserted", counts.upserted());
      step.put("quarantined", counts.quarantined());
      step.put("duplicates", counts.duplicates());
      step.put("warnings", counts.warnings());
    } finally {
      validated.unpersist();
    }
  }

  /**
   * The FHIR steps, one per resource type whose silver table exists: map silver to FHIR, validate
   * the resources that changed (all, or the sample fhir.validation-sample asks for), and merge them
   * into the FHIR layer, marking resources deleted whose silver rows are gone.
   */
  private void fhir(Steps steps, SparkSession spark, LakePaths paths, String runId) {
    FhirSync sync = new FhirSync(spark, paths, config.fhir().validationSample());
    for (FhirType type : FhirType.values()) {
      if (!sync.hasSilver(type)) {
        continue;
      }
      steps.execute(
          "fhir:" + type.resourceType(),
          "fhir " + type.resourceType(),
          step -> {
            FhirSync.Counts counts = sync.sync(type, runId, steps.run.sequence());
            step.put("mapped", counts.mapped());
            step.put("written", counts.written());
            step.put("deleted", counts.deleted());
            step.put("validated", counts.validated());
            step.put("errors", counts.errors());
            step.put("warnings", counts.warnings());
            return null;
          },
          counts ->
              Progress.count(counts.get("written"))
                  + " written, "
                  + Progress.count(counts.get("deleted"))
                  + " deleted, "
                  + Progress.count(counts.get("validated"))
                  + " validated, "
                  + Progress.count(counts.get("errors"))
                  + " errors");
    }
  }

  /** Checks source = bronze and bronze = silver upserts + quarantined + duplicates, per table. */
  private static void reconcile(RunRecord run) {
    List<String> problems = new ArrayList<>();
    for (SilverEntity entity : EhrEntities.ALL) {
      String table = entity.sourceTable().substring(entity.sourceTable().indexOf('.') + 1);
      long extracted = run.step("extract:" + table).map(s -> s.count("rows")).orElse(0L);
      long bronze = run.step("bronze:" + table).map(s -> s.count("rows")).orElse(0L);
      StepRecord silver = run.step("silver:" + entity.name()).orElseThrow();
      long received = silver.count("received");
      long accounted =
          silver.count("upserted") + silver.count("quarantined") + silver.count("duplicates");
      if (extracted != bronze || bronze != received || received != accounted) {
        problems.add(
            table
                + ": extracted "
                + extracted
                + ", bronze "
                + bronze
                + ", silver received "
                + received
                + ", upserted + quarantined + duplicates "
                + accounted);
      }
    }
    if (!problems.isEmpty()) {
      throw Errors.reconciliationFailed(run.id(), problems);
    }
  }

  /** Runs steps, recording each in the history and on the progress lines. */
  private final class Steps {
    private final RunHistory history;
    private RunRecord run;

    Steps(RunHistory history, RunRecord run) {
      this.history = history;
      this.run = run;
    }

    <T> T execute(
        String name,
        String label,
        Function<Map<String, Long>, T> work,
        Function<Map<String, Long>, String> describe) {
      String startedAt = Instant.now().toString();
      long started = System.nanoTime();
      run =
          run.withStep(new StepRecord(name, RunStatus.RUNNING, startedAt, null, null, null, null));
      history.save(run);
      Progress.Step line = progress.start(label);
      Map<String, Long> counts = new LinkedHashMap<>();
      try {
        T result = work.apply(counts);
        double seconds = (System.nanoTime() - started) / 1e9;
        line.done(describe.apply(counts));
        run =
            run.withStep(
                new StepRecord(
                    name,
                    RunStatus.SUCCEEDED,
                    startedAt,
                    Instant.now().toString(),
                    seconds,
                    counts,
                    null));
        history.save(run);
        LOG.info(
            "event=step.succeeded run_id={} step={} counts={} seconds={}",
            run.id(),
            name,
            counts,
            seconds);
        return result;
      } catch (RuntimeException e) {
        line.failed();
        run =
            run.withStep(
                new StepRecord(
                    name,
                    RunStatus.FAILED,
                    startedAt,
                    Instant.now().toString(),
                    (System.nanoTime() - started) / 1e9,
                    counts,
                    e.getMessage()));
        history.save(run);
        throw e;
      }
    }
  }
}
