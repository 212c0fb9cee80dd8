package org.carelake.app.bench;

import static org.apache.spark.sql.functions.col;

import java.math.BigDecimal;
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
import org.carelake.app.cli.ProgressListener;
import org.carelake.app.pipeline.BatchPipeline;
import org.carelake.bench.BenchmarkReport;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.standardize.LabRanges;
import org.carelake.standardize.Units;
import org.carelake.synth.EhrGenerator;
import org.carelake.synth.GeneratorSettings;

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
 *   <li>recall: of the manifest's rows with an error-level defect (see {@link #errorLevel}) that a
 *       row-level check can tell, the share kept out of silver (quarantined, or waiting for a
 *       parent), per defect kind, per table and kind, and in total, goal 100%;
 *   <li>indistinguishable defects, apart and not in the recall: lab values reported in another
 *       unit, or changed, that the row as written cannot betray (see {@link #indistinguishable}),
 *       with how many silver caught anyway;
 *   <li>false positives: quarantined or waiting rows the manifest does not name at all (clean
 *       rows), goal 0; and over-rejections: rows named only with defects silver must repair or
 *       flag, not reject;
 *   <li>person matching: of the duplicate registrations, the share given their original's person
 *       id, and the registrations merged with a person they are not.
 * </ul>
 *
 * <p>Side effects: replaces the data in the source database and the lake at {@code lake.uri}.
 */
public final class SilverBenchmark {
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
   * unknown sex, a diagnosis without a rank, a malformed, unknown or header ICD-10-CM code) or
   * matched (a duplicate registration). A missing diagnosis rank is a warning (DX-102), not an
   * error: the diagnosis itself is sound and counts for the patient's conditions, and the rank is
   * optional where it goes (FHIR Encounter.diagnosis.rank is 0..1, HL7 DG1-15 is optional). A
   * missing prescription dose is a warning too (RX-102): FHIR's MedicationRequest does not require
   * one, and real exports (Synthea) carry none. A patient's missing birth date, name or sex is a
   * warning (PAT-109, PAT-107, PAT-108, PAT-101): the patient is identified by key and MRN, the
   * sparse patients of HL7 results and appointments lack them, and FHIR's Patient requires none.
   */
  public static boolean errorLevel(String table, String kind, String column) {
    return switch (kind) {
      case "missing_value" ->
          !table.equals("patients")
              && !(table.equals("diagnoses") && "diagnosis_rank".equals(column))
              && !(table.equals("prescriptions") && "dose_quantity".equals(column));
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
   * Whether a lab result whose value was changed (reported in another unit than its label, or made
   * implausible) is, as written, indistinguishable from a clean result: its value lies in the
   * plausible range of its LOINC code and unit (or carelake has no range for them), and its
   * abnormal flag agrees with the reference range on the row. Such a row is a result a laboratory
   * could have sent: a urea nitrogen of 20 mg/dL sent as 7.14 (mmol/L) with its label kept, flagged
   * normal against 7-20. Nothing in the row tells, and the patient's other results of the test are
   * independent draws that a value a third of the usual does not contradict, so the benchmark
   * counts such defects apart instead of in the recall.
   */
  static boolean indistinguishable(
      String loinc, BigDecimal value, String unit, BigDecimal low, BigDecimal high, String flag) {
    if (value == null) {
      return false;
    }
    String ucum = unit == null ? null : Units.ucum(unit).orElse(null);
    boolean plausible =
        LabRanges.of(loinc)
            .filter(range -> range.unit().equals(ucum))
            .map(range -> value.compareTo(range.low()) >= 0 && value.compareTo(range.high()) <= 0)
            .orElse(true);
    String normalized = flag == null ? "" : flag.strip().toUpperCase(java.util.Locale.ROOT);
    boolean flagAgrees =
        switch (normalized) {
          case "N" ->
              (low == null || value.compareTo(low) >= 0)
                  && (high == null || value.compareTo(high) <= 0);
          case "L", "LL" -> low == null || value.compareTo(low) < 0;
          case "H", "HH" -> high == null || value.compareTo(high) > 0;
          default -> true;
        };
    return plausible && flagAgrees;
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

    Lake lake = Lake.open(config);
    BatchPipeline pipeline =
        new BatchPipeline(lake, source, publish, new ProgressListener(progress));
    RunRecord run = pipeline.run("bench silver", RunMode.FULL);
    SparkSession spark = lake.spark();

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
      String bronze = paths.bronze(LakePaths.EHR, entity.table());
      // A table the generator leaves empty (observations, immunizations, procedures: only
      // imports fill them) has no bronze table, and nothing to copy.
      if (!io.delta.tables.DeltaTable.isDeltaTable(spark, bronze)) {
        continue;
      }
      spark
          .read()
          .format("delta")
          .load(bronze)
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
        .with(score(silver, manifest, indistinguishable(source), outcomes))
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
      Set<String> indistinguishable,
      Outcomes outcomes) {
    Map<String, long[]> perKind = new TreeMap<>();
    Map<String, long[]> perTableKind = new TreeMap<>();
    Map<String, long[]> apart = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    List<String> apartExamples = new ArrayList<>();
    Map<String, Set<Long>> named = new HashMap<>();
    Map<String, Set<Long>> mustReject = new HashMap<>();
    for (Entry entry : manifest) {
      named.computeIfAbsent(entry.table(), t -> new HashSet<>()).add(entry.key());
      if (!errorLevel(entry.table(), entry.kind(), entry.column())) {
        continue;
      }
      // A row silver rejects for a defect no check can see is not over-rejected either.
      mustReject.computeIfAbsent(entry.table(), t -> new HashSet<>()).add(entry.key());
      boolean rejected = outcomes.rejected(entry.table(), entry.key());
      String where = entry.table() + ":" + entry.key() + ":" + entry.kind();
      if (indistinguishable.contains(entry.table() + ":" + entry.key())) {
        tally(apart, entry.kind(), rejected);
        if (apartExamples.size() < 10) {
          apartExamples.add(where);
        }
        continue;
      }
      tally(perKind, entry.kind(), rejected);
      tally(perTableKind, entry.table() + "." + entry.kind(), rejected);
      if (!rejected && missed.size() < 10) {
        missed.add(where);
      }
    }
    long defects = 0;
    long caught = 0;
    for (long[] counts : perKind.values()) {
      defects += counts[0];
      caught += counts[1];
    }
    long falsePositives = 0;
    long overRejected = 0;
    List<String> wronglyRejected = new ArrayList<>();
    long rejected = 0;
    Set<String> tables = new HashSet<>(outcomes.quarantined().keySet());
    tables.addAll(outcomes.pending().keySet());
    for (String table : tables) {
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
    return scenario
        .withMetric("rows_rejected", rejected)
        .withMetric("error_defects", defects)
        .withMetric("error_defects_caught", caught)
        .withMetric("recall", defects == 0 ? 1.0 : round(caught / (double) defects))
        .withMetric("false_positives", falsePositives)
        .withMetric("over_rejected", overRejected)
        .withMetric("recall_per_kind", fractions(perKind))
        .withMetric("recall_per_table_and_kind", fractions(perTableKind))
        .withMetric("missed_examples", missed)
        .withMetric("indistinguishable_defects", apart.values().stream().mapToLong(c -> c[0]).sum())
        .withMetric("indistinguishable_caught_per_kind", fractions(apart))
        .withMetric("indistinguishable_examples", apartExamples)
        .withMetric("wrongly_rejected_examples", wronglyRejected);
  }

  private static void tally(Map<String, long[]> counts, String key, boolean caught) {
    long[] pair = counts.computeIfAbsent(key, k -> new long[2]);
    pair[0]++;
    if (caught) {
      pair[1]++;
    }
  }

  /** Caught over total per key, as "caught/total". */
  private static Map<String, Object> fractions(Map<String, long[]> counts) {
    Map<String, Object> result = new LinkedHashMap<>();
    counts.forEach((key, pair) -> result.put(key, pair[1] + "/" + pair[0]));
    return result;
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

  /**
   * The lab results named with a value defect that are indistinguishable from clean ones as written
   * (see {@link #indistinguishable}), as "lab_results:key".
   */
  private static Set<String> indistinguishable(JdbcEndpoint source) {
    Set<String> keys = new HashSet<>();
    try (Connection connection = source.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT l.lab_result_id, l.loinc_code, l.value_numeric, l.unit, l.reference_low,"
                    + " l.reference_high, l.abnormal_flag FROM carelake_manifest m"
                    + " JOIN lab_results l ON l.lab_result_id = m.primary_key"
                    + " WHERE m.change = 'defect' AND m.table_name = 'lab_results'"
                    + " AND m.kind IN ('lab_wrong_unit', 'lab_implausible_value')")) {
      while (result.next()) {
        if (indistinguishable(
            result.getString(2),
            result.getBigDecimal(3),
            result.getString(4),
            result.getBigDecimal(5),
            result.getBigDecimal(6),
            result.getString(7))) {
          keys.add("lab_results:" + result.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw Errors.benchManifestUnreadable(e);
    }
    return keys;
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
