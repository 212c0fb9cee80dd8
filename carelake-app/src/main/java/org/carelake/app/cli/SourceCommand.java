package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.carelake.app.CarelakeCli;
import org.carelake.app.services.Services;
import org.carelake.app.source.SnomedIcd10Map;
import org.carelake.app.source.SyntheaImport;
import org.carelake.app.source.SyntheaSummary;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.source.GenerationSummary;
import org.carelake.source.SourceSchema;
import org.carelake.source.SourceStats;
import org.carelake.synth.ChurnSettings;
import org.carelake.synth.ChurnSummary;
import org.carelake.synth.EhrChurn;
import org.carelake.synth.EhrGenerator;
import org.carelake.synth.GeneratorSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake source}: the reference EHR that feeds the pipeline. */
@Command(
    name = "source",
    mixinStandardHelpOptions = true,
    description = {
      "The source EHR: a PostgreSQL database with carelake's reference schema (patients,"
          + " encounters, diagnoses, problems, allergies, prescriptions, lab results,"
          + " appointments, practitioners, facilities; see docs/source-schema.md).",
      "It is the embedded PostgreSQL (database 'ehr') unless source.jdbc-url is set.",
      "",
      "Fill it with 'generate', look at it with 'stats', change it as a day of EHR use would"
          + " with 'churn', or load a Synthea export with 'import-synthea'. Every injected"
          + " defect and every churn change is recorded in the table carelake_manifest."
    },
    subcommands = {
      SourceCommand.Generate.class,
      SourceCommand.Stats.class,
      SourceCommand.Churn.class,
      SourceCommand.ImportSynthea.class
    })
public final class SourceCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake source generate}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Replace the source's data with realistic generated patients: demographics, two fiscal"
            + " years (Oct 2019 to Sep 2021) of encounters with ICD-10-CM diagnoses, RxNorm"
            + " prescriptions, LOINC lab results, appointments, problem lists and allergies.",
        "The same seed gives the same rows and the same fingerprint. With a defect rate, that"
            + " share of rows gets a realistic mistake (missing values, malformed or unknown"
            + " codes, impossible dates, wrong lab units, duplicate registrations, bad phone,"
            + " email and ZIP formats, stray whitespace, mixed case, non-ASCII names), each"
            + " recorded in the table carelake_manifest.",
        "Ends with the row count per table and the content fingerprint."
      },
      footer = {"", "Example: carelake source generate --patients 500 --seed 42 --defect-rate 0"})
  static final class Generate implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(
        names = "--patients",
        paramLabel = "N",
        defaultValue = "500",
        description = "How many patients (default ${DEFAULT-VALUE}; 100000 gives ~7 million rows).")
    private int patients;

    @Option(
        names = "--seed",
        paramLabel = "S",
        defaultValue = "1",
        description = "Seed; the same seed gives the same data (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
        names = "--defect-rate",
        paramLabel = "R",
        defaultValue = "0.02",
        description =
            "Share of rows, 0 to 1, that get one defect (default ${DEFAULT-VALUE}; 0 for clean"
                + " data).")
    private double defectRate;

    @Override
    public Integer call() {
      SyntheticEhr.require("source generate");
      GeneratorSettings settings = new GeneratorSettings(patients, seed, defectRate);
      CarelakeConfig config = configOptions.load();
      try (Services services = Services.start(config, EnumSet.of(Services.Role.SOURCE))) {
        JdbcEndpoint source = services.source();
        System.out.printf(
            Locale.ROOT,
            "generating %,d patients (seed %d, defect rate %s) into %s%n",
            patients,
            seed,
            defectRate,
            source.displayUrl());
        GenerationSummary summary =
            EhrGenerator.generate(source, settings, line -> System.out.println("  " + line));
        print(summary);
        printManifest(SourceStats.manifest(source));
        System.out.printf(
            Locale.ROOT,
            "%,d rows in %.1f s (%,.0f rows/s)%n",
            summary.totalRows(),
            summary.seconds(),
            summary.totalRows() / summary.seconds());
      }
      return 0;
    }
  }

  /** {@code carelake source churn}. */
  @Command(
      name = "churn",
      mixinStandardHelpOptions = true,
      description = {
        "Change the source as one day of EHR use does: new patients register with their first"
            + " visit, registered patients are seen (encounters with diagnoses, prescriptions, lab"
            + " results), booked appointments are kept, missed, cancelled or moved, new ones are"
            + " booked, encounters in progress are discharged, addresses and phone numbers change,"
            + " diagnoses are corrected, lab results come back, prescriptions are stopped,"
            + " cancelled orders and entries made in error are deleted.",
        "Every changed row is recorded in carelake_manifest (change insert, update or delete,"
            + " table, primary key, kind) in the same transaction, so an incremental run has real"
            + " work and a truth to be checked against. Each run is the day after the previous"
            + " one; the same seed on the same data gives the same changes.",
        "Ends with the changes per table and per kind."
      },
      footer = {"", "Example: carelake source churn --changes 2000 --seed 7"})
  static final class Churn implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(
        names = "--changes",
        paramLabel = "N",
        defaultValue = "1000",
        description = "Rows to insert, update or delete (default ${DEFAULT-VALUE}).")
    private int changes;

    @Option(
        names = "--seed",
        paramLabel = "S",
        defaultValue = "1",
        description =
            "Seed; the same seed on the same data gives the same changes (default"
                + " ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
      SyntheticEhr.require("source churn");
      ChurnSettings settings = new ChurnSettings(changes, seed);
      CarelakeConfig config = configOptions.load();
      try (Services services = Services.start(config, EnumSet.of(Services.Role.SOURCE))) {
        JdbcEndpoint source = services.source();
        System.out.printf(
            Locale.ROOT,
            "applying %,d changes (seed %d) to %s%n",
            changes,
            seed,
            source.displayUrl());
        ChurnSummary summary = EhrChurn.churn(source, settings);
        System.out.printf(
            Locale.ROOT, "  %-16s %10s %10s %10s%n", "table", "inserted", "updated", "deleted");
        // A loop, not a lambda: a lambda taking a carelake-synth type would put that type in a
        // method signature of this class, which picocli reflects on (see SyntheticEhr).
        for (var entry : summary.tables().entrySet()) {
          System.out.printf(
              Locale.ROOT,
              "  %-16s %,10d %,10d %,10d%n",
              entry.getKey(),
              entry.getValue().inserted(),
              entry.getValue().updated(),
              entry.getValue().deleted());
        }
        System.out.println(
            "changes by kind (table carelake_manifest, batch " + summary.batch() + "):");
        summary
            .kinds()
            .forEach(
                (kind, count) -> System.out.printf(Locale.ROOT, "  %-32s %,10d%n", kind, count));
        System.out.printf(
            Locale.ROOT,
            "day %s: %,d changes in %.1f s%n",
            summary.day(),
            summary.totalChanges(),
            summary.seconds());
        if (summary.totalChanges() < changes) {
          System.err.printf(
              Locale.ROOT,
              "carelake: only %,d of %,d changes were applied, because the source has no more rows"
                  + " that churn can change; generate more patients or ask for fewer changes.%n",
              summary.totalChanges(),
              changes);
          return CarelakeCli.EXIT_FAILED;
        }
        return 0;
      }
    }
  }

  /** {@code carelake source import-synthea}. */
  @Command(
      name = "import-synthea",
      mixinStandardHelpOptions = true,
      description = {
        "Replace the source's data with a Synthea CSV export (run Synthea with"
            + " exporter.csv.export=true): patients, organizations (also the facilities),"
            + " providers, encounters, conditions (as diagnoses), medications, observations"
            + " (laboratory results to lab_results, vital signs, surveys and the rest to"
            + " observations), allergies, immunizations and procedures. Synthea writes no"
            + " appointments; care plans, devices, imaging studies, supplies, claims and payers"
            + " are counted and reported as skipped.",
        "Conditions stay in SNOMED CT (diagnoses.snomed_code and description; icd10_code empty)"
            + " unless --snomed-icd10-map names an ICD-10-CM code for the concept; carelake ships"
            + " no such map. Synthea's UUIDs become bigint keys numbered in file order and are"
            + " kept in carelake_external_ids.",
        "Ends with the row count per table and the content fingerprint."
      },
      footer = {"", "Example: carelake source import-synthea ~/synthea/output/csv"})
  static final class ImportSynthea implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @CommandLine.Parameters(
        paramLabel = "CSV-DIR",
        description = "The folder holding the export's patients.csv, encounters.csv, ...")
    private Path folder;

    @Option(
        names = "--snomed-icd10-map",
        paramLabel = "FILE",
        description =
            "CSV with columns snomed,icd10: the ICD-10-CM code for each SNOMED CT concept that"
                + " has one (see docs/source-schema.md).")
    private Path snomedIcd10Map;

    @Override
    public Integer call() {
      Optional<SnomedIcd10Map> map = Optional.ofNullable(snomedIcd10Map).map(SnomedIcd10Map::read);
      CarelakeConfig config = configOptions.load();
      try (Services services = Services.start(config, EnumSet.of(Services.Role.SOURCE))) {
        JdbcEndpoint source = services.source();
        System.out.println(
            "importing the Synthea export in " + folder + " into " + source.displayUrl());
        SyntheaSummary summary =
            SyntheaImport.load(source, folder, map, line -> System.out.println("  " + line));
        print(summary.source());
        System.out.printf(
            Locale.ROOT,
            "conditions %,d, of which %,d mapped to ICD-10-CM%s%n",
            summary.conditions(),
            summary.mappedToIcd10(),
            map.isPresent() ? "" : " (no --snomed-icd10-map given)");
        System.out.printf(
            Locale.ROOT,
            "observations skipped (quality-of-life scores, not coded in LOINC): %,d%n",
            summary.observationsSkipped());
        summary
            .skippedFiles()
            .forEach(
                (file, records) ->
                    System.out.printf(
                        Locale.ROOT,
                        "skipped %s: %,d records (the reference schema has no table for them)%n",
                        file,
                        records));
        if (summary.unresolvedReferences() > 0) {
          System.out.printf(
              Locale.ROOT,
              "references to records not in the export (left empty): %,d%n",
              summary.unresolvedReferences());
        }
        if (!summary.missingFiles().isEmpty()) {
          System.out.println(
              "files not in the export: " + String.join(", ", summary.missingFiles()));
        }
        System.out.printf(
            Locale.ROOT,
            "%,d rows in %.1f s%n",
            summary.source().totalRows(),
            summary.source().seconds());
      }
      return 0;
    }
  }

  /** {@code carelake source stats}. */
  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = {
        "Show the row count per table and the content fingerprint of whatever the source holds,"
            + " and the ground-truth manifest by kind.",
        "The fingerprint leaves out created_at and updated_at, so it equals the one 'generate'"
            + " printed for the same seed until the data is changed."
      })
  static final class Stats implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      try (Services services = Services.start(config, EnumSet.of(Services.Role.SOURCE))) {
        JdbcEndpoint source = services.source();
        System.out.println("source " + source.displayUrl());
        SourceSchema.migrate(source);
        print(SourceStats.read(source));
        printManifest(SourceStats.manifest(source));
      }
      return 0;
    }
  }

  static void print(GenerationSummary summary) {
    for (Map.Entry<String, Long> count : summary.rowCounts().entrySet()) {
      System.out.printf(Locale.ROOT, "  %-16s %,12d%n", count.getKey(), count.getValue());
    }
    System.out.printf(Locale.ROOT, "  %-16s %,12d%n", "total", summary.totalRows());
    System.out.println("fingerprint " + summary.fingerprint());
  }

  static void printManifest(Map<String, Long> manifest) {
    if (manifest.isEmpty()) {
      System.out.println("manifest: empty (no defects, no churn)");
      return;
    }
    System.out.println("manifest (table carelake_manifest):");
    manifest.forEach(
        (kind, count) -> System.out.printf(Locale.ROOT, "  %-32s %,10d%n", kind, count));
  }
}
