package org.carelake.app.pipeline;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.carelake.app.cli.Progress;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.CarelakeException;
import org.carelake.lake.DeltaWrites;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.LakeSession;
import org.carelake.lake.hl7.Hl7BronzeStage;
import org.carelake.lake.hl7.Hl7FileManifest;
import org.carelake.lake.hl7.Hl7PatientSink;
import org.carelake.lake.hl7.Hl7RawZone;
import org.carelake.lake.hl7.Hl7SilverStage;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.DiagnosesEntity;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.SilverSink;
import org.carelake.lake.silver.SilverStage;
import org.carelake.lake.silver.StandardFunctions;
import org.carelake.lake.terminology.CodeSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch ingestion of HL7 files: land each {@code .hl7} file of the inbox in the raw zone with
 * its manifest (then remove it from the inbox), append its messages as received to {@code
 * bronze/hl7_messages}, parse and map them into silver (MERGE by business key, the latest MSH-7
 * wins, as the database path's latest {@code updated_at} does), quarantine the messages with errors
 * and the records of mapped messages that could not be mapped (each with its located reason), and
 * check that bronze = mapped + quarantined messages. Recorded in the run history as a run of
 * command {@code hl7 ingest}.
 *
 * <p>A crash after landing a file and before removing it from the inbox lands it again in the next
 * run: bronze then holds its messages twice, under two runs, and silver's MERGE keeps one row per
 * key, so silver converges.
 */
public final class Hl7Ingestion {
  private static final Logger LOG = LoggerFactory.getLogger(Hl7Ingestion.class);

  /**
   * The HL7 entities that pass through the declared rules of the database path. Patients and
   * diagnoses do not yet: a sparse patient from an ORU or SIU PID lacks the birth date PAT-003
   * requires, and a diagnosis coded in SNOMED CT or ICD-9-CM breaks DX-003, while both are meant to
   * reach silver (they are merged field by field, and carried with their coding system).
   */
  private static final Map<Hl7SilverStage.Target, SilverEntity> DECLARED =
      Map.of(
          Hl7SilverStage.Target.ENCOUNTERS, EhrEntities.ENCOUNTERS,
          Hl7SilverStage.Target.APPOINTMENTS, EhrEntities.APPOINTMENTS,
          Hl7SilverStage.Target.LAB_RESULTS, EhrEntities.LAB_RESULTS);

  private final CarelakeConfig config;
  private final Progress progress;

  /** An ingestion into the configured lake. */
  public Hl7Ingestion(CarelakeConfig config, Progress progress) {
    this.config = config;
    this.progress = progress;
  }

  /**
   * Ingests the files waiting in an inbox.
   *
   * @param inbox the inbox folder (a URI or path); empty for {@code <lake>/raw/inbox/hl7}
   * @return the finished run, with steps {@code raw:hl7}, {@code bronze:hl7_messages} and {@code
   *     silver:hl7}
   */
  public RunRecord run(Optional<String> inbox) {
    SparkSession spark = LakeSession.getOrCreate(config.spark(), config.dataDir().resolve("spark"));
    LakePaths paths = LakePaths.of(config.lakeUri());
    LakeFiles files = new LakeFiles(spark.sparkContext().hadoopConfiguration());
    try (LakeLock lock =
        LakeLock.acquire(files, paths, "carelake hl7 ingest", config.run().lockTimeout())) {
      return ingest(spark, paths, files, inbox);
    }
  }

  private RunRecord ingest(
      SparkSession spark, LakePaths paths, LakeFiles files, Optional<String> inbox) {
    RunHistory history = new RunHistory(files, paths);
    Hl7RawZone raw = new Hl7RawZone(files, paths);
    String folder = inbox.map(Hl7Ingestion::asUri).orElse(raw.inbox());
    CodeSets.register(spark, config);
    StandardFunctions.register(spark);
    RunRecord run = history.start("hl7 ingest");
    LOG.info("event=hl7.ingest.started run_id={}", run.id());
    try {
      List<Hl7BronzeStage.Landed> landed = new ArrayList<>();
      long started = System.nanoTime();
      Progress.Step step = progress.start("raw hl7 (" + folder + ")");
      long messages = 0;
      for (String name : raw.waiting(folder)) {
        String source = folder + "/" + name;
        // The bytes as received: decoding happens when bronze reads the landed file.
        byte[] content;
        try (java.io.InputStream in = files.open(source)) {
          content = in.readAllBytes();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        Hl7FileManifest manifest = raw.land(run.id(), name, content);
        landed.add(new Hl7BronzeStage.Landed(manifest, raw.read(manifest)));
        files.delete(source);
        messages += manifest.messageCount();
      }
      step.done(landed.size() + " files, " + Progress.count(messages) + " messages");
      run =
          step(
              history,
              run,
              "raw:hl7",
              started,
              Map.of("files", (long) landed.size(), "messages", messages));

      started = System.nanoTime();
      step = progress.start("bronze hl7_messages");
      String bronzePath = paths.bronze(Hl7RawZone.SOURCE, "messages");
      long bronzeRows = 0;
      if (!landed.isEmpty()) {
        DeltaWrites.appendOnce(
            Hl7BronzeStage.apply(spark, landed),
            bronzePath,
            "carelake-bronze-hl7_messages",
            run.sequence());
        bronzeRows =
            spark
                .read()
                .format("delta")
                .load(bronzePath)
                .where(col("_run_id").equalTo(run.id()))
                .count();
      }
      step.done(Progress.count(bronzeRows) + " messages appended");
      run = step(history, run, "bronze:hl7_messages", started, Map.of("rows", bronzeRows));

      started = System.nanoTime();
      step = progress.start("silver from hl7");
      Map<String, Long> counts = new LinkedHashMap<>();
      if (bronzeRows > 0) {
        counts = silver(spark, paths, bronzePath, run);
      }
      step.done(counts.toString());
      run = step(history, run, "silver:hl7", started, counts);

      long mapped = counts.getOrDefault("messages_mapped", 0L);
      long quarantined = counts.getOrDefault("messages_quarantined", 0L);
      if (bronzeRows != messages || bronzeRows != mapped + quarantined) {
        throw new CarelakeException(
            "HL7 run "
                + run.id()
                + " does not reconcile: "
                + messages
                + " messages landed, "
                + bronzeRows
                + " in bronze, "
                + mapped
                + " mapped + "
                + quarantined
                + " quarantined. Messages were lost or duplicated between layers; report this as"
                + " a bug with the run's history ('carelake status').");
      }
      run = run.ended(RunStatus.SUCCEEDED, Instant.now().toString(), null);
      history.save(run);
      LOG.info("event=hl7.ingest.succeeded run_id={} messages={}", run.id(), bronzeRows);
      return run;
    } catch (RuntimeException e) {
      run = run.ended(RunStatus.FAILED, Instant.now().toString(), e.getMessage());
      history.save(run);
      LOG.error("event=hl7.ingest.failed run_id={}", run.id(), e);
      throw e;
    }
  }

  private static Map<String, Long> silver(
      SparkSession spark, LakePaths paths, String bronzePath, RunRecord run) {
    Dataset<Row> bronze =
        spark.read().format("delta").load(bronzePath).where(col("_run_id").equalTo(run.id()));
    Dataset<Row> readings = Hl7SilverStage.read(bronze).persist();
    try {
      Map<String, Long> counts = new LinkedHashMap<>();
      long quarantined = readings.where(Hl7SilverStage.isQuarantine()).count();
      long mapped = readings.where(Hl7SilverStage.isMapped()).count();
      long rejected = readings.where(Hl7SilverStage.isRejected()).count();
      counts.put("messages_mapped", mapped);
      counts.put("messages_quarantined", quarantined);
      SilverSink sink = new SilverSink(spark);
      Dataset<Row> quarantine = Hl7SilverStage.quarantined(readings);
      long ruled = 0;
      for (Hl7SilverStage.Target target : Hl7SilverStage.Target.values()) {
        Dataset<Row> upserts;
        SilverEntity entity = DECLARED.get(target);
        Dataset<Row> validated = null;
        if (entity != null) {
          // The entity's declared rules, as on the database path: typing, standardization,
          // validation; a row that breaks an error rule goes to quarantine with the rule's id.
          SilverStage stage = new SilverStage(entity);
          validated = stage.validate(Hl7SilverStage.asBronze(readings, target)).persist();
          Dataset<Row> broken =
              stage
                  .quarantined(validated)
                  .withColumn("source_table", functions.lit(Hl7SilverStage.SOURCE_TABLE));
          ruled += broken.count();
          quarantine = quarantine.unionByName(broken);
          upserts =
              Hl7SilverStage.withHl7Columns(
                  stage.upserts(validated).drop("_deleted"),
                  readings,
                  target,
                  entity.typedColumns());
        } else {
          upserts = Hl7SilverStage.upserts(readings, target);
        }
        if (target == Hl7SilverStage.Target.DIAGNOSES) {
          upserts = DiagnosesEntity.classified(upserts);
        }
        String path = paths.silver(target.table());
        if (DeltaTable.isDeltaTable(spark, path)) {
          // Columns HL7 adds (the source's code system, all identifiers) join the table first.
          sink.addMissingColumns(upserts.schema(), path);
          upserts =
              Hl7SilverStage.alignTo(upserts, spark.read().format("delta").load(path).schema());
        }
        // The sink tells tombstones from upserts by _deleted; HL7 messages carry no deletions.
        upserts = upserts.withColumn("_deleted", functions.lit(false)).persist();
        long rows = upserts.count();
        if (rows > 0 && target == Hl7SilverStage.Target.PATIENTS) {
          new Hl7PatientSink(spark).merge(upserts, path);
        } else if (rows > 0) {
          sink.merge(upserts, path, target.keyColumn());
        }
        upserts.unpersist();
        if (validated != null) {
          validated.unpersist();
        }
        counts.put(target.table(), rows);
      }
      counts.put("records_quarantined", rejected + ruled);
      if (quarantined + rejected + ruled > 0) {
        DeltaWrites.appendOnce(
            quarantine, paths.quarantine(), "carelake-quarantine-hl7", run.sequence());
      }
      return counts;
    } finally {
      readings.unpersist();
    }
  }

  private static RunRecord step(
      RunHistory history, RunRecord run, String name, long started, Map<String, Long> counts) {
    RunRecord updated =
        run.withStep(
            new StepRecord(
                name,
                RunStatus.SUCCEEDED,
                null,
                Instant.now().toString(),
                (System.nanoTime() - started) / 1e9,
                new LinkedHashMap<>(counts),
                null));
    history.save(updated);
    return updated;
  }

  private static String asUri(String folder) {
    return folder.contains("://") || folder.startsWith("file:")
        ? folder
        : java.nio.file.Path.of(folder).toAbsolutePath().toUri().toString().replaceAll("/$", "");
  }
}
