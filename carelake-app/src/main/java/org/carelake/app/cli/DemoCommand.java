package org.carelake.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carelake.app.pipeline.BatchPipeline;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKey;
import org.carelake.config.ConfigKeys;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakeInventory;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.source.GenerationSummary;
import org.carelake.source.SourceSchema;
import org.carelake.source.SourceStats;
import org.carelake.synth.EhrGenerator;
import org.carelake.synth.GeneratorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake demo}: the whole pipeline on embedded services, on generated data. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on embedded services and show what it produced.",
      "",
      "Starts the embedded PostgreSQL, creates the reference EHR schema, loads a generated data"
          + " set (deterministic for its seed), then runs the pipeline: extract to the raw zone,"
          + " bronze, silver (with quarantine), gold, and publish to SQL. It ends with the rows"
          + " in each layer, the time per stage, where the data is and how to query it.",
      "Then it streams: the embedded Kafka broker and the HL7 stream ('carelake stream') start, a"
          + " burst of 50 simulated HL7 v2 events about the same patients goes over MLLP to a"
          + " listener, and the demo shows them reach silver with the latency per event (p50,"
          + " p95) from MLLP receipt to the silver commit. --no-stream skips this.",
      "Running it again is safe: the source is loaded only when it differs from the one asked"
          + " for, and an unchanged source gives the same tables, with no duplicates.",
      "Data goes to the data folder (./carelake-data, or $CARELAKE_DATA_DIR)."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--patients",
      defaultValue = "500",
      description = "Patients to generate (default: ${DEFAULT-VALUE}).")
  private int patients;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the generated data set (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--defect-rate",
      defaultValue = "0.02",
      description =
          "Share of generated rows given a realistic defect (a missing value, an impossible date,"
              + " a wrong unit, an orphan reference), so that quarantine and the data-quality"
              + " report have something to show; 0 for clean data (default: ${DEFAULT-VALUE}).")
  private double defectRate;

  @Option(
      names = "--fresh",
      description =
          "Start from nothing: reload the source and delete the lake first (loaded terminology"
              + " releases are kept).")
  private boolean fresh;

  @Option(
      names = "--no-stream",
      description = "Skip the stream section (Kafka, the HL7 stream and a burst of events).")
  private boolean noStream;

  @Override
  public Integer call() {
    SyntheticEhr.require("demo");
    // The demo validates a tenth of the FHIR resources (by id) unless told otherwise: validating
    // every one takes longer than the rest of the demo together.
    CarelakeConfig config =
        configOptions.loadWithDefaults(Map.of(ConfigKeys.FHIR_VALIDATION_SAMPLE, "0.1"));
    refuseConfiguredServices(config);
    Progress progress = Progress.toStandardOutput();
    long started = System.nanoTime();
    progress.line(
        "carelake demo: "
            + Progress.count(patients)
            + " generated patients (seed "
            + seed
            + "), data folder "
            + config.dataDir());
    Lake lake = Lake.open(config);
    Progress.Step starting = progress.start("start embedded services");
    EnumSet<Services.Role> roles = EnumSet.of(Services.Role.SOURCE, Services.Role.PUBLISH);
    if (!noStream) {
      roles.add(Services.Role.KAFKA);
    }
    try (Services services = Services.start(config, roles)) {
      starting.done(String.join("; ", services.describe()));

      Progress.Step schema = progress.start("source schema (Flyway migrations)");
      SourceSchema.migrate(services.source());
      schema.done("up to date");

      GeneratorSettings settings = new GeneratorSettings(patients, seed, defectRate);
      Path marker = config.dataDir().resolve("demo-source.json");
      Progress.Step loading = progress.start("source data");
      GenerationSummary current = SourceStats.read(services.source());
      if (!fresh && matches(marker, patients, seed, defectRate, current)) {
        loading.done("unchanged, " + Progress.count(current.totalRows()) + " rows");
      } else {
        reset(lake);
        GenerationSummary generated = EhrGenerator.generate(services.source(), settings);
        writeMarker(marker, patients, seed, defectRate, generated);
        loading.done(
            "generated "
                + Progress.count(generated.totalRows())
                + " rows in "
                + generated.rowCounts().size()
                + " tables; lake reset");
      }

      BatchPipeline pipeline =
          new BatchPipeline(
              lake, services.source(), services.publish(), new ProgressListener(progress));
      RunRecord run = pipeline.run("demo", RunMode.INCREMENTAL);
      double seconds = (System.nanoTime() - started) / 1e9;
      RunSummary.print(progress, run, seconds, config.publishSchema());
      printLayers(progress, pipeline, config);
      boolean balanced =
          noStream || DemoStream.run(lake, config, services, progress, patients, seed);
      printWhere(progress, config, services);
      return balanced ? 0 : 1;
    }
  }

  /**
   * Refuses a configured source, publish database, lake or broker: the demo generates data and
   * resets its lake, which must never reach anything but its own embedded services and data folder.
   */
  private static void refuseConfiguredServices(CarelakeConfig config) {
    List<String> configured = new ArrayList<>();
    for (ConfigKey<?> key :
        List.of(
            ConfigKeys.SOURCE_JDBC_URL,
            ConfigKeys.PUBLISH_JDBC_URL,
            ConfigKeys.LAKE_URI,
            ConfigKeys.KAFKA_BOOTSTRAP_SERVERS)) {
      if (config.origin(key) != CarelakeConfig.Origin.DEFAULT) {
        configured.add("'" + key.name() + "' (" + config.origin(key).words() + ")");
      }
    }
    if (!configured.isEmpty()) {
      throw Errors.demoOnConfiguredServices(configured);
    }
  }

  /**
   * Empties the demo's lake for a new data set, under the lake's lock so that no other command
   * writes it meanwhile. Loaded terminology releases do not come from the source, and the lock is
   * the one being held: both stay.
   */
  private static void reset(Lake lake) {
    try (LakeLock lock = lake.lock("carelake demo (reset)")) {
      LakeFiles files = lake.files();
      String root = lake.paths().root();
      for (String entry : files.list(root)) {
        if (entry.equals("_carelake")) {
          for (String state : files.list(root + "/_carelake")) {
            if (!state.equals("lock")) {
              files.delete(root + "/_carelake/" + state);
            }
          }
        } else if (!entry.equals("terminology")) {
          files.delete(root + "/" + entry);
        }
      }
    }
  }

  private static boolean matches(
      Path marker, long patients, long seed, double defectRate, GenerationSummary now) {
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    try {
      Map<?, ?> saved = JSON.readValue(marker.toFile(), Map.class);
      return Long.valueOf(patients).equals(((Number) saved.get("patients")).longValue())
          && Long.valueOf(seed).equals(((Number) saved.get("seed")).longValue())
          && saved.get("defect_rate") instanceof Number rate
          && rate.doubleValue() == defectRate
          && now.fingerprint().equals(saved.get("fingerprint"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void writeMarker(
      Path marker, long patients, long seed, double defectRate, GenerationSummary generated) {
    try {
      Files.createDirectories(marker.getParent());
      JSON.writeValue(
          marker.toFile(),
          Map.of(
              "patients", patients,
              "seed", seed,
              "defect_rate", defectRate,
              "fingerprint", generated.fingerprint()));
    } catch (IOException e) {
      throw Errors.fileFailed("write", marker.toString(), e);
    }
  }

  private static void printLayers(
      Progress progress, BatchPipeline pipeline, CarelakeConfig config) {
    LakePaths paths = pipeline.lake().paths();
    List<String[]> tables = new ArrayList<>();
    for (IngestTable table : IngestTable.RECORDS) {
      tables.add(
          new String[] {
            "bronze", LakePaths.EHR + "_" + table.name(), paths.bronze(LakePaths.EHR, table.name())
          });
    }
    for (SilverEntity entity : EhrEntities.ALL) {
      tables.add(new String[] {"silver", entity.name(), paths.silver(entity.name())});
    }
    tables.add(new String[] {"quarantine", "records", paths.quarantine()});
    for (GoldMart mart : GoldMart.ALL) {
      tables.add(new String[] {"gold", mart.name(), paths.gold(mart.name())});
    }
    progress.line("");
    progress.line("rows per layer (whole tables):");
    for (LakeInventory.Entry entry : new LakeInventory(pipeline.lake().spark()).count(tables)) {
      progress.line(
          String.format(
              Locale.ROOT,
              "  %-10s %-30s %10s",
              entry.layer(),
              entry.name(),
              Progress.count(Math.max(0, entry.rows()))));
    }
  }

  private static void printWhere(Progress progress, CarelakeConfig config, Services services) {
    progress.line("");
    progress.line("where the data is:");
    progress.line("  lake (Delta tables, raw zone, run history): " + config.lakeUri());
    services
        .embeddedPostgres()
        .ifPresent(
            postgres -> {
              progress.line(
                  "  source EHR:     " + postgres.jdbcUrl(EmbeddedPostgresService.SOURCE_DATABASE));
              progress.line(
                  "  published gold: "
                      + postgres.jdbcUrl(EmbeddedPostgresService.PUBLISH_DATABASE)
                      + " (schema "
                      + config.publishSchema()
                      + ")");
            });
    progress.line("");
    progress.line("how to query it:");
    progress.line(
        "  ./carelake services            # keeps PostgreSQL up; then, in another terminal:");
    services
        .embeddedPostgres()
        .ifPresent(
            postgres ->
                progress.line(
                    "  "
                        + postgres.psqlCommand(EmbeddedPostgresService.PUBLISH_DATABASE)
                        + " -c 'SELECT * FROM "
                        + config.publishSchema()
                        + ".encounters_by_month_chapter ORDER BY 1 LIMIT 20'"));
    progress.line("  ./carelake status              # the run history");
  }
}
