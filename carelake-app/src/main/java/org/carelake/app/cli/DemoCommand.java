package org.carelake.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carelake.app.ingest.IngestTable;
import org.carelake.app.pipeline.BatchPipeline;
import org.carelake.app.pipeline.ExtractMode;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakeInventory;
import org.carelake.lake.LakePaths;
import org.carelake.lake.gold.GoldMart;
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
      names = "--fresh",
      description =
          "Start from nothing: reload the source and delete the lake first (loaded terminology"
              + " releases are kept).")
  private boolean fresh;

  @Override
  public Integer call() {
    SyntheticEhr.require("demo");
    // The demo validates a tenth of the FHIR resources (by id) unless told otherwise: validating
    // every one takes longer than the rest of the demo together.
    CarelakeConfig config =
        configOptions.loadWithDefaults(Map.of(ConfigKeys.FHIR_VALIDATION_SAMPLE, "0.1"));
    Progress progress = Progress.toStandardOutput();
    long started = System.nanoTime();
    progress.line(
        "carelake demo: "
            + Progress.count(patients)
            + " generated patients (seed "
            + seed
            + "), data folder "
            + config.dataDir());
    Progress.Step starting = progress.start("start embedded services");
    try (Services services =
        Services.start(config, EnumSet.of(Services.Role.SOURCE, Services.Role.PUBLISH))) {
      starting.done(String.join("; ", services.describe()));

      Progress.Step schema = progress.start("source schema (Flyway migrations)");
      SourceSchema.migrate(services.source());
      schema.done("up to date");

      GeneratorSettings settings = new GeneratorSettings(patients, seed, 0.0);
      Path marker = config.dataDir().resolve("demo-source.json");
      Progress.Step loading = progress.start("source data");
      GenerationSummary current = SourceStats.read(services.source());
      if (!fresh && matches(marker, patients, seed, current)) {
        loading.done("unchanged, " + Progress.count(current.totalRows()) + " rows");
      } else {
        // Loaded terminology releases do not come from the source: a reset keeps them.
        LakeFiles files = LakeFiles.withDefaults();
        String root = LakePaths.of(config.lakeUri()).root();
        for (String entry : files.list(root)) {
          if (!entry.equals("terminology")) {
            files.delete(root + "/" + entry);
          }
        }
        GenerationSummary generated = EhrGenerator.generate(services.source(), settings);
        writeMarker(marker, patients, seed, generated);
        loading.done(
            "generated "
                + Progress.count(generated.totalRows())
                + " rows in "
                + generated.rowCounts().size()
                + " tables; lake reset");
      }

      BatchPipeline pipeline =
          new BatchPipeline(config, services.source(), services.publish(), progress);
      RunRecord run = pipeline.run("demo", ExtractMode.INCREMENTAL);
      double seconds = (System.nanoTime() - started) / 1e9;
      RunSummary.print(progress, run, seconds);
      printLayers(progress, pipeline, config);
      printWhere(progress, config, services);
      return 0;
    }
  }

  private static boolean matches(Path marker, long patients, long seed, GenerationSummary now) {
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    try {
      Map<?, ?> saved = JSON.readValue(marker.toFile(), Map.class);
      return Long.valueOf(patients).equals(((Number) saved.get("patients")).longValue())
          && Long.valueOf(seed).equals(((Number) saved.get("seed")).longValue())
          && now.fingerprint().equals(saved.get("fingerprint"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void writeMarker(
      Path marker, long patients, long seed, GenerationSummary generated) {
    try {
      Files.createDirectories(marker.getParent());
      JSON.writeValue(
          marker.toFile(),
          Map.of(
              "patients", patients,
              "seed", seed,
              "fingerprint", generated.fingerprint()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void printLayers(
      Progress progress, BatchPipeline pipeline, CarelakeConfig config) {
    LakePaths paths = LakePaths.of(config.lakeUri());
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
    for (LakeInventory.Entry entry : new LakeInventory(pipeline.spark()).count(tables)) {
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
