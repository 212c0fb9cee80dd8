package org.carelake.app.pipeline;

import static org.apache.spark.sql.functions.col;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.cli.Progress;
import org.carelake.app.services.JdbcEndpoint;
import org.carelake.app.source.EhrGenerator;
import org.carelake.app.source.GeneratorSettings;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;

/**
 * The {@code silver} benchmark: how fast silver validates, standardizes and merges, and how well
 * its rules catch the defects the generator injected.
 *
 * <p>It generates a source with defects into the given database, runs the whole batch pipeline once
 * into a fresh lake (full extraction, reference grace period 0 so every row is decided in the run),
 * and reports:
 *
 * <ul>
 *   <li>scenario {@code silver}: the silver steps' time for every bronze row, against the floor of
 *       the same bronze rows read and written as Delta without validation, in the same run;
 *   <li>recall: of the manifest's rows with an error-level defect (see {@link #errorLevel}), the
 *       share kept out of silver (quarantined, or waiting for a parent), per defect kind and in
 *       total, goal 100%;
 *   <li>false positives: quarantined or waiting rows the manifest does not name at all (clean
 *       rows), goal 0; and over-rejections: rows named only with defects silver must repair or
 *       flag, not reject;
 *   <li>person matching: of the duplicate registrations, the share given their original's person
 *       id, and the registrations merged with a person they are not.
 * </ul>
 *
 * <p>Diagnoses belong to the terminology work: their figures are reported apart ({@code
 * diagnoses_*}) and not counted in the totals. Side effects: replaces the data in the source
 * database and the lake at {@code lake.uri}.
 */
public final class SilverBenchmark {
  private static final String DIAGNOSES = "diagnoses";

  private SilverBenchmark() {}

  /**
   * What the benchmark is asked to do.
   *
   * @param patients how many patients to generate
   * @param defectRate the share of rows with an injected defect
   * @param seed the generator's seed
   */
  public record Settings(int patients, double defectRate, long seed) {}

  /**
   * Whether a defect, as the manifest names it, must keep its row out of silver. The others are
   * repaired (trimmed, cased, re-encoded), flagged as warnings (a bad phone, e-mail or ZIP code, an
   * unknown sex) or matched (a duplicate registration).
   */
  public static boolean errorLevel(String table, String kind, String column) {
    return switch (kind) {
      case "missing_value" -> !(table.equals("patients") && "sex".equals(column));
      case "discharge_before_admit",
          "birth_after_encounter",
          "end_before_start",
          "future_date",
          "lab_wrong_unit",
          "lab_implausible_value",
          "orphan_reference" ->
          true;
      default -> false;
    };
  }

  /**
   * Runs the benchmark.
   *
   * @param config the configuration: {@code lake.uri} names the fresh lake, {@code
   *     silver.reference-grace-period} should be 0s
   * @param source the source database; its data is replaced
   * @param publish the publish database
   * @param settings the data size and defect rate
   * @param progress where progress lines go
   * @return the report
   */
  public static BenchmarkReport run(
      CarelakeConfig config,
      JdbcEndpoint source,
      JdbcEndpoint publish,
      Settings settings,
      Progress progress) {
    LakePaths paths = LakePaths.of(config.lakeUri());
    LakeFiles.withDefaults().delete(paths.root());
    Progress.Step generating = progress.start("generate the source");
    EhrGenerator.generate(
        source, new GeneratorSettings(settings.patients(), settings.seed(), settings.defectRate()));
    generating.done(settings.patients() + " patients, defect rate " + settings.defectRate());

    BatchPipeline pipeline = new BatchPipeline(config, source, publish, progress);
    RunRecord run = pipeline.run("bench silver", ExtractMode.FULL);
    SparkSession spark = pipeline.spark();

    long rows = 0;
    double silverSeconds = 0;
    for (SilverEntity entity : EhrEntities.ALL) {
      StepRecord step = run.step("silver:" + entity.name()).orElseThrow();
      rows += step.count("received") + step.count("retried");
      silverSeconds += step.seconds() == null ? 0 : step.seconds();
    }
    Progress.Step floorStep = progress.start("floor: the same bronze rows written as Delta");
    long started = System.nanoTime();
    for (SilverEntity entity : EhrEntities.ALL) {
      spark
          .read()
          .format("delta")
          .load(paths.bronze(LakePaths.EHR, entity.table()))
          .write()
          .format("delta")
          .mode("overwrite")
          .save(paths.root() + "/_bench/floor/" + entity.name());
    }
    double floorSeconds = (System.nanoTime() - started) / 1e9;
    floorStep.done(String.format(java.util.Locale.ROOT, "%.1f s", floorSeconds));

    Outcomes outcomes = Outcomes.read(spark, paths);
    List<Entry> manifest = manifest(source);
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("patients", settings.patients());
    parameters.put("defect_rate", settings.defectRate());
    parameters.put("seed", settings.seed());
    parameters.put("bronze_rows", rows);
    parameters.put("reference_grace_period", "0s");
    BenchmarkReport.Scenario silver =
        BenchmarkReport.Scenario.withFloor("silver", silverSeconds, floorSeconds)
            .withMetric("rows", rows)
            .withMetric("rows_per_second", Math.round(rows / silverSeconds))
            .withMetric("floor_rows_per_second", Math.round(rows / floorSeconds));
    return BenchmarkReport.start("silver", parameters)
        .with(score(silver, manifest, outcomes, false))
        .with(score(BenchmarkReport.Scenario.alone("diagnoses", 0), manifest, outcomes, true))
        .with(personMatching(spark, paths, manifest));
  }

  /** One manifest entry of a defect. */
  record Entry(String table, long key, String kind, String column, String detail) {}

  /** Where the rows went: quarantined or waiting keys per table. */
  record Outcomes(Map<String, Set<Long>> quarantined, Map<String, Set<Long>> pending) {
    static Outcomes read(SparkSession spark, LakePaths paths) {
      Map<String, Set<Long>> quarantined = new HashMap<>();
      LakeFiles files = LakeFiles.withDefaults();
      if (files.exists(paths.quarantine())) {
        for (Row row :
            spark
                .read()
                .format("delta")
                .load(paths.quarantine())
                .where(col("source_table").startsWith(LakePaths.EHR + "."))
                .select("source_table", "source_key")
                .distinct()
                .collectAsList()) {
          String table = row.getString(0).substring(LakePaths.EHR.length() + 1);
          quarantined
              .computeIfAbsent(table, t -> new HashSet<>())
              .add(Long.parseLong(row.getString(1)));
        }
      }
      Map<String, Set<Long>> pending = new HashMap<>();
      for (SilverEntity entity : EhrEntities.ALL) {
        String path = paths.pending(entity.name());
        if (files.exists(path)) {
          for (Row row :
              spark.read().format("delta").load(path).select("_source_key").collectAsList()) {
            pending
                .computeIfAbsent(entity.table(), t -> new HashSet<>())
                .add(Long.parseLong(row.getString(0)));
          }
        }
      }
      return new Outcomes(quarantined, pending);
    }

    boolean rejected(String table, long key) {
      return quarantined.getOrDefault(table, Set.of()).contains(key)
          || pending.getOrDefault(table, Set.of()).contains(key);
    }
  }

  private static BenchmarkReport.Scenario score(
      BenchmarkReport.Scenario scenario,
      List<Entry> manifest,
      Outcomes outcomes,
      boolean diagnoses) {
    Map<String, long[]> perKind = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    Map<String, Set<Long>> named = new HashMap<>();
    Map<String, Set<Long>> mustReject = new HashMap<>();
    for (Entry entry : manifest) {
      if (entry.table().equals(DIAGNOSES) != diagnoses) {
        continue;
      }
      named.computeIfAbsent(entry.table(), t -> new HashSet<>()).add(entry.key());
      if (errorLevel(entry.table(), entry.kind(), entry.column())) {
        mustReject.computeIfAbsent(entry.table(), t -> new HashSet<>()).add(entry.key());
        long[] counts = perKind.computeIfAbsent(entry.kind(), k -> new long[2]);
        counts[0]++;
        if (outcomes.rejected(entry.table(), entry.key())) {
          counts[1]++;
        } else if (missed.size() < 10) {
          missed.add(entry.table() + ":" + entry.key() + ":" + entry.kind());
        }
      }
    }
    long defects = 0;
    long caught = 0;
    Map<String, Object> recallPerKind = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> kind : perKind.entrySet()) {
      defects += kind.getValue()[0];
      caught += kind.getValue()[1];
      recallPerKind.put(kind.getKey(), kind.getValue()[1] + "/" + kind.getValue()[0]);
    }
    long falsePositives = 0;
    long overRejected = 0;
    List<String> wronglyRejected = new ArrayList<>();
    long rejected = 0;
    Set<String> tables = new HashSet<>(outcomes.quarantined().keySet());
    tables.addAll(outcomes.pending().keySet());
    for (String table : tables) {
      if (table.equals(DIAGNOSES) != diagnoses) {
        continue;
      }
      Set<Long> keys = new HashSet<>(outcomes.quarantined().getOrDefault(table, Set.of()));
      keys.addAll(outcomes.pending().getOrDefault(table, Set.of()));
      rejected += keys.size();
      for (long key : keys) {
        if (!named.getOrDefault(table, Set.of()).contains(key)) {
          falsePositives++;
        } else if (!mustReject.getOrDefault(table, Set.of()).contains(key)) {
          overRejected++;
        } else {
          continue;
        }
        if (wronglyRejected.size() < 10) {
          wronglyRejected.add(table + ":" + key);
        }
      }
    }
    String prefix = diagnoses ? "diagnoses_" : "";
    return scenario
        .withMetric(prefix + "rows_rejected", rejected)
        .withMetric(prefix + "error_defects", defects)
        .withMetric(prefix + "error_defects_caught", caught)
        .withMetric(prefix + "recall", defects == 0 ? 1.0 : round(caught / (double) defects))
        .withMetric(prefix + "false_positives", falsePositives)
        .withMetric(prefix + "over_rejected", overRejected)
        .withMetric(prefix + "recall_per_kind", recallPerKind)
        .withMetric(prefix + "missed_examples", missed)
        .withMetric(prefix + "wrongly_rejected_examples", wronglyRejected);
  }

  private static BenchmarkReport.Scenario personMatching(
      SparkSession spark, LakePaths paths, List<Entry> manifest) {
    Map<Long, Long> personOf = new HashMap<>();
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(paths.silver(EhrEntities.PATIENTS.name()))
            .select("patient_id", "person_id")
            .collectAsList()) {
      personOf.put(row.getLong(0), row.isNullAt(1) ? row.getLong(0) : row.getLong(1));
    }
    // The truth: each duplicate registration belongs to its original's person.
    Map<Long, Long> truth = new HashMap<>();
    for (Entry entry : manifest) {
      if (entry.table().equals("patients") && entry.kind().equals("duplicate_patient")) {
        truth.put(entry.key(), Long.parseLong(entry.detail().replaceAll("\\D+", "")));
      }
    }
    long duplicates = 0;
    long matched = 0;
    for (Map.Entry<Long, Long> duplicate : truth.entrySet()) {
      Long person = personOf.get(duplicate.getKey());
      Long original = personOf.get(duplicate.getValue());
      if (person == null || original == null) {
        continue;
      }
      duplicates++;
      if (person.equals(original)) {
        matched++;
      }
    }
    // A false merge: a cluster holding registrations of more than one true person.
    Map<Long, Set<Long>> truePersonsPerCluster = new HashMap<>();
    for (Map.Entry<Long, Long> patient : personOf.entrySet()) {
      long truePerson = truth.getOrDefault(patient.getKey(), patient.getKey());
      truePersonsPerCluster
          .computeIfAbsent(patient.getValue(), cluster -> new HashSet<>())
          .add(truePerson);
    }
    long falseMerges =
        truePersonsPerCluster.values().stream().mapToLong(persons -> persons.size() - 1).sum();
    return BenchmarkReport.Scenario.alone("person-matching", 0)
        .withMetric("duplicate_registrations", duplicates)
        .withMetric("matched", matched)
        .withMetric("recall", duplicates == 0 ? 1.0 : round(matched / (double) duplicates))
        .withMetric("false_merges", falseMerges);
  }

  private static List<Entry> manifest(JdbcEndpoint source) {
    List<Entry> entries = new ArrayList<>();
    try (Connection connection = source.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT table_name, primary_key, kind, column_name, detail FROM carelake_manifest"
                    + " WHERE change = 'defect'")) {
      while (result.next()) {
        entries.add(
            new Entry(
                result.getString(1),
                result.getLong(2),
                result.getString(3),
                result.getString(4),
                result.getString(5)));
      }
    } catch (SQLException e) {
      throw Errors.benchManifestUnreadable(e);
    }
    return entries;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
