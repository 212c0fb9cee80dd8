package org.carelake.app.pipeline;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.cli.Progress;
import org.carelake.app.ingest.IngestTable;
import org.carelake.app.ingest.TableExtractor;
import org.carelake.app.services.JdbcEndpoint;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
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
import org.carelake.lake.quality.QualityReport;
import org.carelake.lake.quality.QualityReporting;
import org.carelake.lake.raw.RawZone;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.StandardFunctions;
import org.carelake.terminology.Icd10CodeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch run of the EHR pipeline, step by step as {@link PipelineGraph} defines: extract each
 * table's changes into the raw zone, append them (and the source's deletions, as tombstones) to
 * bronze, validate and merge them into silver (rejects to quarantine), check that the counts
 * reconcile, rebuild gold and publish it. Every step is recorded in the run history.
 *
 * <p>The extract steps, and then the bronze steps, of different tables run {@code
 * run.table-parallelism} at a time; every other step runs alone, in order.
 *
 * <p>One run at a time per lake, under {@link LakeLock}. A run that did not succeed is resumed by
 * the next one, under the same run id, from its first step that did not succeed: every step is
 * idempotent (extracts are keyed by run id, bronze and quarantine appends carry the run's sequence
 * as Delta transaction version, silver merges by key), so a resume never duplicates.
 */
public final class BatchPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

  /** The stages whose steps, one per table, may run at the same time. */
  private static final Set<String> TABLE_STAGES = Set.of("extract", "bronze");

  private final CarelakeConfig config;
  private final JdbcEndpoint source;
  private final JdbcEndpoint publish;
  private final Progress progress;

  /**
   * A pipeline between a source and a publish target.
   *
   * @param config the configuration (lake, Spark, publish schema, retries)
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
   * Runs the pipeline once, or resumes the last run if it did not succeed.
   *
   * @param command what started the run, recorded in the history
   * @param mode incremental or full extraction; a full run never resumes
   * @return the finished run's record
   * @throws org.carelake.core.CarelakeException when a step fails; the run is recorded as failed
   */
  public RunRecord run(String command, ExtractMode mode) {
    return run(command, mode, PipelineScope.ALL);
  }

  /**
   * Runs the pipeline's steps up to a stage, or resumes the last run if it did not succeed.
   *
   * @param command what started the run, recorded in the history
   * @param mode incremental or full extraction; a full run never resumes
   * @param scope which stages run; anything short of ALL is for benchmarks and maintenance, since
   *     the later stages of such a run are never made up for
   * @return the finished run's record
   */
  public RunRecord run(String command, ExtractMode mode, PipelineScope scope) {
    Progress.Step starting = progress.start("start Spark (" + config.spark().master() + ")");
    SparkSession spark = spark();
    starting.done("ready");
    // Silver is the first stage that standardizes values and classifies codes; a run that stops
    // at bronze skips loading them.
    if (scope.includes("silver")) {
      StandardFunctions.register(spark);
      Progress.Step terminology = progress.start("ICD-10-CM code set");
      Icd10CodeSet codeSet = CodeSets.register(spark, config);
      terminology.done(codeSet.release() + ", " + Progress.count(codeSet.size()) + " codes");
    }

    LakePaths paths = LakePaths.of(config.lakeUri());
    LakeFiles files = new LakeFiles(spark.sparkContext().hadoopConfiguration());
    RunHistory history = new RunHistory(files, paths);
    try (LakeLock lock =
        LakeLock.acquire(files, paths, "carelake " + command, config.run().lockTimeout())) {
      // The history also holds HL7 ingestion runs, which have their own steps and no
      // watermarks: a batch run resumes and continues from batch runs only. Only the batch runs
      // back to the newest that succeeded matter, so the history is read no further.
      List<RunRecord> batchRuns = mode == ExtractMode.FULL ? List.of() : sinceLastSuccess(history);
      Optional<RunRecord> unfinished =
          batchRuns.stream().findFirst().filter(run -> run.status() != RunStatus.SUCCEEDED);
      Map<String, String> watermarks =
          batchRuns.stream()
              .filter(run -> run.status() == RunStatus.SUCCEEDED)
              .findFirst()
              .map(RunRecord::watermarks)
              .orElse(Map.of());
      RunRecord run = unfinished.map(RunRecord::resumed).orElseGet(() -> history.start(command));
      history.save(run);
      progress.line(
          (unfinished.isPresent() ? "resuming run " : "run ")
              + run.id()
              + " ("
              + mode.name().toLowerCase(Locale.ROOT)
              + ")");
      LOG.info(
          "event=run.started run_id={} command={} mode={} resumed={}",
          run.id(),
          command,
          mode,
          unfinished.isPresent());
      Execution execution =
          new Execution(
              spark, paths, files, history, run, watermarks, scope, mode == ExtractMode.FULL, lock);
      return execution.all();
    }
  }

  /** The batch runs, newest first, down to and with the newest one that succeeded. */
  private static List<RunRecord> sinceLastSuccess(RunHistory history) {
    List<RunRecord> runs = new ArrayList<>();
    for (Iterator<RunRecord> newest =
            history.newestFirst().filter(BatchPipeline::isBatchRun).iterator();
        newest.hasNext(); ) {
      RunRecord run = newest.next();
      runs.add(run);
      if (run.status() == RunStatus.SUCCEEDED) {
        break;
      }
    }
    return runs;
  }

  /** Whether a run in the history is a batch run (not an HL7 ingestion). */
  private static boolean isBatchRun(RunRecord run) {
    return !run.command().startsWith("hl7");
  }

  /** The state of one run while its steps execute. */
  private final class Execution {
    private final SparkSession spark;
    private final LakePaths paths;
    private final RunHistory history;
    private final LakeFiles files;
    private final RawZone rawZone;
    private final Map<String, String> watermarks;
    private final PipelineScope scope;
    private final boolean full;
    private final int tableParallelism;
    // Steps of one stage may run on several threads (see runTogether): every change of the run
    // goes through the synchronized change and save methods, and readers see the latest record.
    private volatile RunRecord run;
    private final Object tombstoneLock = new Object();
    private Map<String, Long> tombstoneCounts;
    private final LakeLock lock;

    Execution(
        SparkSession spark,
        LakePaths paths,
        LakeFiles files,
        RunHistory history,
        RunRecord run,
        Map<String, String> watermarks,
        PipelineScope scope,
        boolean full,
        LakeLock lock) {
      this.lock = lock;
      this.spark = spark;
      this.paths = paths;
      this.history = history;
      this.files = files;
      this.rawZone = new RawZone(files, paths);
      this.watermarks = watermarks;
      this.scope = scope;
      this.full = full;
      this.tableParallelism = config.get(ConfigKeys.RUN_TABLE_PARALLELISM);
      this.run = run;
    }

    RunRecord all() {
      try {
        List<PipelineGraph.Step> together = new ArrayList<>();
        for (PipelineGraph.Step step : PipelineGraph.ehr()) {
          if (!scope.includes(step.stage())) {
            continue;
          }
          if (!together.isEmpty() && !together.get(0).stage().equals(step.stage())) {
            runTogether(together);
            together.clear();
          }
          if (run.step(step.name()).map(s -> s.status() == RunStatus.SUCCEEDED).orElse(false)) {
            progress.line(
                String.format(Locale.ROOT, "  %-44s done before the interruption", label(step)));
            continue;
          }
          if (TABLE_STAGES.contains(step.stage())) {
            together.add(step);
          } else {
            execute(step, progress::start);
          }
        }
        runTogether(together);
        save(current -> current.ended(RunStatus.SUCCEEDED, Instant.now().toString(), null));
        LOG.info("event=run.succeeded run_id={}", run.id());
        return run;
      } catch (RuntimeException e) {
        save(current -> current.ended(RunStatus.FAILED, Instant.now().toString(), e.getMessage()));
        LOG.error("event=run.failed run_id={}", run.id(), e);
        throw e;
      }
    }

    /**
     * Runs the steps of one table stage, run.table-parallelism at a time. They depend only on
     * earlier stages, and a small table's step is mostly fixed cost (a connection, reading the
     * Delta log, starting Spark jobs) that overlaps well with another table's. After a failure no
     * further step starts; those already running finish and are recorded, and the first failure is
     * thrown once they have.
     */
    private void runTogether(List<PipelineGraph.Step> steps) {
      if (steps.size() <= 1 || tableParallelism == 1) {
        for (PipelineGraph.Step step : steps) {
          execute(step, progress::start);
        }
        return;
      }
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger threads = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              Math.min(tableParallelism, steps.size()),
              work -> {
                Thread thread =
                    new Thread(
                        work, "carelake-" + steps.get(0).stage() + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      try {
        List<Future<?>> running = new ArrayList<>();
        for (PipelineGraph.Step step : steps) {
          running.add(
              pool.submit(
                  () -> {
                    if (failure.get() != null) {
                      return;
                    }
                    try {
                      execute(step, progress::startConcurrent);
                    } catch (RuntimeException | Error e) {
                      failure.compareAndSet(null, e);
                      throw e;
                    }
                  }));
        }
        for (Future<?> step : running) {
          step.get();
        }
      } catch (ExecutionException e) {
        // A step failed, so no further one starts: those still running are waited for, and so
        // recorded, before the run fails.
        pool.shutdown();
        awaitQuietly(pool);
        if (failure.get() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (failure.get() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "Interrupted while running the " + steps.get(0).stage() + " steps of run " + run.id(),
            e);
      } finally {
        pool.shutdownNow();
      }
    }

    private void awaitQuietly(ExecutorService pool) {
      try {
        while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
          LOG.info("event=steps.waiting run_id={}", run.id());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Changes the run's record in memory; a later save writes it. */
    private synchronized void change(UnaryOperator<RunRecord> change) {
      run = change.apply(run);
    }

    /** Changes the run's record and writes it to the history. */
    private synchronized void save(UnaryOperator<RunRecord> change) {
      run = change.apply(run);
      history.save(run);
    }

    private void execute(PipelineGraph.Step step, Function<String, Progress.Step> lines) {
      // A run whose lock another runner took over (its heartbeat stalled past the timeout) stops
      // here, before the step commits anything.
      lock.ensureHeld();
      switch (step.stage()) {
        case "extract" ->
            record(
                step, lines, this::extract, counts -> Progress.count(counts.get("rows")) + " rows");
        case "bronze" ->
            record(
                step,
                lines,
                this::bronze,
                counts -> Progress.count(counts.get("rows")) + " rows appended");
        case "silver" ->
            record(
                step,
                lines,
                this::silver,
                counts ->
                    Progress.count(counts.get("upserted"))
                        + " upserted, "
                        + Progress.count(counts.get("quarantined"))
                        + " quarantined, "
                        + Progress.count(counts.get("duplicates"))
                        + " duplicates, "
                        + Progress.count(counts.get("tombstones"))
                        + " deleted, "
                        + Progress.count(counts.get("pending"))
                        + " pending");
        case "reconcile" ->
            record(
                step,
                lines,
                this::reconcile,
                counts -> "source = bronze = silver + quarantine + duplicates + ... + pending");
        case "quality" ->
            record(
                step,
                lines,
                this::quality,
                counts ->
                    Progress.count(counts.get("failures")) + " rule failures, report written");
        case "fhir" ->
            record(
                step,
                lines,
                this::fhir,
                counts ->
                    counts.containsKey("written")
                        ? Progress.count(counts.get("written"))
                            + " written, "
                            + Progress.count(counts.get("deleted"))
                            + " deleted, "
                            + Progress.count(counts.get("validated"))
                            + " validated, "
                            + Progress.count(counts.get("errors"))
                            + " errors"
                        : config.get(ConfigKeys.FHIR_ENABLED)
                            ? "no silver table yet"
                            : "off (fhir.enabled=false)");
        case "gold" ->
            record(
                step,
                lines,
                this::gold,
                counts ->
                    Progress.count(counts.get("rows"))
                        + " rows"
                        + (counts.get("unchanged") == 1 ? " (silver unchanged: not rebuilt)" : ""));
        case "publish" ->
            record(
                step, lines, this::publish, counts -> Progress.count(counts.get("rows")) + " rows");
        case "retention" ->
            record(
                step,
                lines,
                this::retention,
                counts -> Progress.count(counts.get("runs")) + " run folders " + retentionAction());
        default -> throw new IllegalStateException("No executor for step " + step.name());
      }
    }

    private void extract(PipelineGraph.Step step, Map<String, Long> counts) {
      IngestTable table =
          IngestTable.ALL.stream()
              .filter(candidate -> candidate.name().equals(step.subject()))
              .findFirst()
              .orElseThrow();
      TableExtractor extractor =
          new TableExtractor(
              source,
              rawZone,
              new TableExtractor.ExtractSettings(
                  config.get(ConfigKeys.SOURCE_EXTRACT_PARTITIONS),
                  config.get(ConfigKeys.SOURCE_PARTITION_MIN_ROWS)));
      RawZone.Landed landed =
          Retry.onTransientFailure(
              "extracting table " + table.name(),
              config.run(),
              () ->
                  extractor.extract(
                      run.id(), table, Optional.ofNullable(watermarks.get(table.name()))));
      counts.put("rows", landed.rowCount());
      counts.put("bytes", landed.bytes());
      counts.put("files", (long) landed.parts().size());
      change(current -> current.withWatermark(table.name(), landed.watermarkTo()));
    }

    private RawZone.Landed landed(String table) {
      return rawZone
          .landed(LakePaths.EHR, table, run.id())
          .orElseThrow(
              () -> new IllegalStateException("No extract of " + table + " in run " + run.id()));
    }

    private void bronze(PipelineGraph.Step step, Map<String, Long> counts) {
      String table = step.subject();
      RawZone.Landed landed = landed(table);
      RawSource rawSource = new RawSource(spark, rawZone);
      String path = paths.bronze(LakePaths.EHR, table);
      String application = "carelake-bronze-" + LakePaths.EHR + "_" + table;
      if (table.equals(IngestTable.DELETIONS.name())) {
        if (landed.rowCount() > 0) {
          DeltaWrites.appendOnce(
              BronzeStage.apply(
                  rawSource.read(landed), landed.first(), IngestTable.DELETIONS.keyColumn()),
              path,
              application,
              run.sequence());
        }
        counts.put("rows", landed.rowCount());
        return;
      }
      IngestTable ingest = IngestTable.record(table).orElseThrow();
      long tombstoneCount = tombstoneCounts().getOrDefault(table, 0L);
      counts.put("records", landed.rowCount());
      counts.put("tombstones", tombstoneCount);
      if (landed.rowCount() + tombstoneCount == 0) {
        counts.put("rows", 0L);
        return;
      }
      Dataset<Row> rows =
          BronzeStage.apply(rawSource.read(landed), landed.first(), ingest.keyColumn());
      if (tombstoneCount > 0) {
        RawZone.Landed deletions = landed(IngestTable.DELETIONS.name());
        rows =
            rows.unionByName(
                BronzeStage.tombstones(
                    rawSource.read(deletions),
                    deletions.first(),
                    landed.first(),
                    ingest.keyColumn()),
                true);
      }
      // Delta's commit metrics count what was appended; only a resumed step whose append had
      // already been committed reads the run's rows back.
      counts.put(
          "rows",
          DeltaWrites.appendOnceCounting(rows, path, application, run.sequence())
              .orElseGet(() -> bronzeIncrement(table).count()));
    }

    /**
     * How many rows of the run's deletion log name each table, counted in one pass over the log the
     * first time a bronze step asks, rather than once per table: the deletion log's landed extract
     * does not change within a run.
     */
    private Map<String, Long> tombstoneCounts() {
      synchronized (tombstoneLock) {
        return tombstoneCountsOnce();
      }
    }

    private Map<String, Long> tombstoneCountsOnce() {
      if (tombstoneCounts == null) {
        RawZone.Landed deletions = landed(IngestTable.DELETIONS.name());
        Map<String, Long> byTable = new HashMap<>();
        if (deletions.rowCount() > 0) {
          for (Row row :
              new RawSource(spark, rawZone)
                  .read(deletions)
                  .groupBy("table_name")
                  .count()
                  .collectAsList()) {
            if (!row.isNullAt(0)) {
              byTable.put(row.getString(0), row.getLong(1));
            }
          }
        }
        tombstoneCounts = byTable;
      }
      return tombstoneCounts;
    }

    private Dataset<Row> bronzeIncrement(String table) {
      return spark
          .read()
          .format("delta")
          .load(paths.bronze(LakePaths.EHR, table))
          .where(col("_run_id").equalTo(run.id()));
    }

    private void silver(PipelineGraph.Step step, Map<String, Long> counts) {
      SilverEntity entity = EhrEntities.named(step.subject()).orElseThrow();
      new SilverStep(
              spark,
              paths,
              config.get(ConfigKeys.SOURCE_TIME_ZONE),
              config.get(ConfigKeys.SILVER_REFERENCE_GRACE_PERIOD))
          .run(
              entity,
              run.id(),
              run.sequence(),
              Instant.parse(run.startedAt()),
              table ->
                  run.step("bronze:" + table).map(s -> s.count("rows")).orElse(0L) == 0
                      ? Optional.empty()
                      : Optional.of(bronzeIncrement(table)),
              counts);
    }

    /**
     * Checks, per table, extracted records + tombstones = bronze rows of the run, and for tables
     * with a silver entity, bronze = silver received, and received + retried (rows held by earlier
     * runs) = upserted + quarantined + duplicates + tombstones + pending.
     */
    private void reconcile(PipelineGraph.Step step, Map<String, Long> counts) {
      List<String> problems = new ArrayList<>();
      for (IngestTable table : IngestTable.RECORDS) {
        long extracted = run.step("extract:" + table.name()).map(s -> s.count("rows")).orElse(0L);
        StepRecord bronze = run.step("bronze:" + table.name()).orElseThrow();
        if (extracted + bronze.count("tombstones") != bronze.count("rows")) {
          problems.add(
              table.name()
                  + ": extracted "
                  + extracted
                  + " + tombstones "
                  + bronze.count("tombstones")
                  + " but bronze received "
                  + bronze.count("rows"));
        }
      }
      for (SilverEntity entity : EhrEntities.ALL) {
        String table = PipelineGraph.sourceTableOf(entity);
        long bronze = run.step("bronze:" + table).map(s -> s.count("rows")).orElse(0L);
        StepRecord silver = run.step("silver:" + entity.name()).orElseThrow();
        long received = silver.count("received");
        long evaluated = received + silver.count("retried");
        long accounted =
            silver.count("upserted")
                + silver.count("quarantined")
                + silver.count("duplicates")
                + silver.count("tombstones")
                + silver.count("pending");
        if (bronze != received || evaluated != accounted) {
          problems.add(
              entity.name()
                  + ": bronze "
                  + bronze
                  + ", silver received "
                  + received
                  + " + retried "
                  + silver.count("retried")
                  + ", upserted + quarantined + duplicates + tombstones + pending "
                  + accounted);
        }
      }
      if (!problems.isEmpty()) {
        throw Errors.reconciliationFailed(run.id(), problems);
      }
      counts.put("tables", (long) IngestTable.RECORDS.size());
    }

    /** Writes the run's data-quality report; see {@link QualityReporting}. */
    private void quality(PipelineGraph.Step step, Map<String, Long> counts) {
      QualityReport report = new QualityReporting(spark, files, paths).report(run, EhrEntities.ALL);
      counts.put("rules", (long) report.rules().size());
      counts.put(
          "failures",
          report.rules().stream().mapToLong(QualityReport.RuleFailures::failures).sum());
    }

    /**
     * Maps the silver rows of one resource type changed since its last sync (all of them in a full
     * run) to FHIR, validates the resources that changed (all, or the sample fhir.validation-sample
     * asks for), and merges them into the FHIR layer, marking resources deleted whose silver rows
     * are gone. A type without a silver table is skipped.
     */
    private void fhir(PipelineGraph.Step step, Map<String, Long> counts) {
      FhirType type =
          java.util.Arrays.stream(FhirType.values())
              .filter(candidate -> candidate.resourceType().equals(step.subject()))
              .findFirst()
              .orElseThrow();
      if (!config.get(ConfigKeys.FHIR_ENABLED)) {
        return;
      }
      FhirSync sync = new FhirSync(spark, files, paths, config.fhir().validationSample());
      if (!sync.hasSilver(type)) {
        return;
      }
      FhirSync.Counts result = sync.sync(type, run.id(), run.sequence(), full);
      counts.put("mapped", result.mapped());
      counts.put("written", result.written());
      counts.put("deleted", result.deleted());
      counts.put("validated", result.validated());
      counts.put("errors", result.errors());
      counts.put("warnings", result.warnings());
    }

    private String retentionAction() {
      return config.get(ConfigKeys.RAW_RETENTION_ACTION) + "d";
    }

    /** Applies raw.retention to every table's raw extracts, the current run's excepted. */
    private void retention(PipelineGraph.Step step, Map<String, Long> counts) {
      String retention = config.get(ConfigKeys.RAW_RETENTION);
      long moved = 0;
      if (!retention.isEmpty()) {
        Instant cutOff = Instant.now().minus(org.carelake.config.Durations.parse(retention));
        RawZone.RetentionAction action =
            RawZone.RetentionAction.valueOf(
                config.get(ConfigKeys.RAW_RETENTION_ACTION).toUpperCase(Locale.ROOT));
        for (IngestTable table : IngestTable.ALL) {
          moved += rawZone.retain(LakePaths.EHR, table.name(), cutOff, run.id(), action);
        }
      }
      counts.put("runs", moved);
    }

    private GoldMart mart(PipelineGraph.Step step) {
      return GoldMart.ALL.stream()
          .filter(candidate -> candidate.name().equals(step.subject()))
          .findFirst()
          .orElseThrow();
    }

    /**
     * Rebuilds a gold mart from silver, unless its silver inputs are the versions it was last built
     * from (a run that changed nothing in them); a full run always rebuilds.
     */
    private void gold(PipelineGraph.Step step, Map<String, Long> counts) {
      GoldMart mart = mart(step);
      GoldStage stage = new GoldStage(spark, paths);
      Map<String, String> inputs = stage.inputs(mart);
      boolean unchanged = !full && stage.builtFrom(mart, files).map(inputs::equals).orElse(false);
      if (!unchanged) {
        stage
            .apply(mart)
            .write()
            .format("delta")
            .mode("overwrite")
            .option("overwriteSchema", "true")
            .save(paths.gold(mart.name()));
        stage.recordBuiltFrom(mart, inputs, files);
      }
      counts.put("unchanged", unchanged ? 1L : 0L);
      counts.put("rows", spark.read().format("delta").load(paths.gold(mart.name())).count());
    }

    private void publish(PipelineGraph.Step step, Map<String, Long> counts) {
      GoldMart mart = mart(step);
      Dataset<Row> gold = spark.read().format("delta").load(paths.gold(mart.name()));
      JdbcPublisher publisher = new JdbcPublisher(publish.url(), publish.properties());
      counts.put(
          "rows",
          Retry.onTransientFailure(
              "publishing " + mart.name(),
              config.run(),
              () -> publisher.publish(gold, config.publishSchema(), mart.name())));
    }

    private String label(PipelineGraph.Step step) {
      return switch (step.stage()) {
        case "bronze" -> "bronze " + LakePaths.EHR + "_" + step.subject();
        case "publish" -> "publish " + config.publishSchema() + "." + step.subject();
        case "reconcile" -> "reconcile counts";
        case "quality" -> "data-quality report";
        default -> step.stage() + " " + step.subject();
      };
    }

    /** Runs one step, recording it in the history and on a progress line. */
    private void record(
        PipelineGraph.Step step,
        Function<String, Progress.Step> lines,
        StepWork work,
        Function<Map<String, Long>, String> describe) {
      String startedAt = Instant.now().toString();
      long started = System.nanoTime();
      save(
          current ->
              current.withStep(
                  new StepRecord(
                      step.name(), RunStatus.RUNNING, startedAt, null, null, null, null)));
      Progress.Step line = lines.apply(label(step));
      Map<String, Long> counts = new LinkedHashMap<>();
      try {
        work.execute(step, counts);
        double seconds = (System.nanoTime() - started) / 1e9;
        line.done(describe.apply(counts));
        save(
            current ->
                current.withStep(
                    new StepRecord(
                        step.name(),
                        RunStatus.SUCCEEDED,
                        startedAt,
                        Instant.now().toString(),
                        seconds,
                        counts,
                        null)));
        LOG.info(
            "event=step.succeeded run_id={} step={} counts={} seconds={}",
            run.id(),
            step.name(),
            counts,
            seconds);
      } catch (RuntimeException e) {
        line.failed();
        save(
            current ->
                current.withStep(
                    new StepRecord(
                        step.name(),
                        RunStatus.FAILED,
                        startedAt,
                        Instant.now().toString(),
                        (System.nanoTime() - started) / 1e9,
                        counts,
                        e.getMessage())));
        throw e;
      }
    }
  }

  /** The work of one step: fills in its counts. */
  @FunctionalInterface
  private interface StepWork {
    void execute(PipelineGraph.Step step, Map<String, Long> counts);
  }
}
