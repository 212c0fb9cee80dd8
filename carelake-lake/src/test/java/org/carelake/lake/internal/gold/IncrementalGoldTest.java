package org.carelake.lake.internal.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.lake.Lake;
import org.carelake.lake.TestSpark;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.DeltaState;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.silver.EhrEntities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marts rebuilt by month: after churn in silver (a row moved to another month, one deleted, one
 * inserted, an encounter discharged), an incremental run gives the table a full rebuild gives, and
 * rewrites the changed months only. Months are taken in New York, where a discharge at 02:00 UTC on
 * the 1st falls in the month before.
 */
class IncrementalGoldTest {
  private static final RunContext INCREMENTAL =
      new RunContext(() -> null, RunMode.INCREMENTAL, Map.of());
  private static final RunContext FULL = new RunContext(() -> null, RunMode.FULL, Map.of());

  private static SparkSession spark;

  @TempDir Path folder;

  private Lake lake;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @BeforeEach
  void buildSilver() {
    lake =
        Lake.open(
            CarelakeConfig.fromEnvironment(
                Map.of(
                    "CARELAKE_LAKE_URI", folder.resolve("lake").toUri().toString(),
                    "CARELAKE_DATA_DIR", folder.resolve("data").toString(),
                    "CARELAKE_SOURCE_TIME_ZONE", "America/New_York")));
    silver(
        "facilities",
        "SELECT * FROM VALUES (1L, 'General Hospital'), (2L, 'Riverside Clinic') AS t(facility_id,"
            + " name)");
    silver(
        "encounters",
        "SELECT * FROM VALUES"
            + " (1L, 1L, 'inpatient', 1L, '2021-01-10T15:00:00Z', '2021-01-12T15:00:00Z'),"
            + " (2L, 1L, 'inpatient', 1L, '2021-02-08T15:00:00Z', '2021-02-10T15:00:00Z'),"
            // 22:00 on 28 February in New York.
            + " (3L, 2L, 'inpatient', 1L, '2021-02-27T15:00:00Z', '2021-03-01T03:00:00Z'),"
            + " (4L, 2L, 'inpatient', 1L, '2021-03-12T15:00:00Z', '2021-03-15T15:00:00Z'),"
            + " (5L, 3L, 'inpatient', 2L, '2021-05-03T15:00:00Z', '2021-05-05T15:00:00Z'),"
            + " (6L, 3L, 'inpatient', 1L, '2021-04-01T15:00:00Z', NULL),"
            + " (7L, 1L, 'emergency', 2L, '2021-01-20T10:00:00Z', '2021-01-20T16:00:00Z'),"
            + " (9L, 2L, 'inpatient', 1L, '2021-08-02T15:00:00Z', '2021-08-04T15:00:00Z')"
            + " AS t(encounter_id, patient_id, encounter_class, facility_id, admit_time,"
            + " discharge_time)");
    silver(
        "diagnoses",
        "SELECT * FROM VALUES"
            + " (1L, 1L, 1L, 'primary', 4, 'Chapter 4'),"
            + " (2L, 9L, 2L, 'primary', 9, 'Chapter 9'),"
            + " (3L, 4L, 2L, 'primary', 9, 'Chapter 9'),"
            + " (4L, 2L, 1L, 'primary', 10, 'Chapter 10')"
            + " AS t(diagnosis_id, encounter_id, patient_id, diagnosis_rank, icd10_chapter,"
            + " icd10_chapter_title)");
    silver(
        "lab_results",
        "SELECT * FROM VALUES"
            + " (1L, '2345-7', '2021-01-11T15:00:00Z', 'H'),"
            + " (2L, '2345-7', '2021-01-12T15:00:00Z', 'N'),"
            + " (3L, '2345-7', '2021-02-11T15:00:00Z', 'LL'),"
            + " (4L, '4548-4', NULL, 'A'),"
            + " (5L, '4548-4', '2021-03-11T15:00:00Z', 'N'),"
            + " (7L, '4548-4', '2021-06-11T15:00:00Z', 'H')"
            + " AS t(lab_result_id, loinc_code, collected_at, abnormal_flag)");
  }

  @Test
  void churnRebuildsExactlyTheChangedMonthsAndGivesWhatAFullRebuildGives() {
    GoldStep lengthOfStay = new GoldStep(lake, GoldMart.named("length_of_stay"));
    GoldStep abnormalLabs = new GoldStep(lake, GoldMart.named("abnormal_labs"));
    assertThat(lengthOfStay.run(INCREMENTAL).monthsRebuilt()).isEmpty();
    assertThat(abnormalLabs.run(INCREMENTAL).monthsRebuilt()).isEmpty();
    Map<String, Set<String>> staysBefore = filesByMonth("length_of_stay", "discharge_month");
    Map<String, Set<String>> labsBefore = filesByMonth("abnormal_labs", "collected_month");

    // Moved from February (which keeps the stay discharged at 22:00 on 28 February in New York) to
    // March (22:00 on 31 March in New York, April in UTC), deleted from May (its only stay),
    // discharged in April, inserted in June.
    sql(
        "UPDATE %s SET discharge_time = TIMESTAMP '2021-04-01 02:00:00Z' WHERE encounter_id = 2",
        "encounters");
    sql("DELETE FROM %s WHERE encounter_id = 5", "encounters");
    sql(
        "UPDATE %s SET discharge_time = TIMESTAMP '2021-04-03 15:00:00Z' WHERE encounter_id = 6",
        "encounters");
    insert(
        "encounters",
        "SELECT 8L AS encounter_id, 1L AS patient_id, 'inpatient' AS encounter_class,"
            + " 1L AS facility_id, '2021-06-01T15:00:00Z' AS admit_time,"
            + " '2021-06-02T15:00:00Z' AS discharge_time");
    // Moved from January to March, deleted from February (its only result), inserted unknown.
    sql(
        "UPDATE %s SET collected_at = TIMESTAMP '2021-03-20 15:00:00Z' WHERE lab_result_id = 1",
        "lab_results");
    sql("DELETE FROM %s WHERE lab_result_id = 3", "lab_results");
    insert(
        "lab_results",
        "SELECT 8L AS lab_result_id, '2345-7' AS loinc_code, NULL AS collected_at,"
            + " 'H' AS abnormal_flag");

    GoldStep.Result stays = lengthOfStay.run(INCREMENTAL);
    GoldStep.Result labs = abnormalLabs.run(INCREMENTAL);

    assertThat(stays.monthsRebuilt()).isEqualTo(OptionalInt.of(5));
    assertThat(stays.summary()).endsWith("rows (rebuilt incremental (5 months))");
    assertThat(labs.monthsRebuilt()).isEqualTo(OptionalInt.of(4));
    assertEqualsFullRebuild("length_of_stay");
    assertEqualsFullRebuild("abnormal_labs");
    Map<String, Set<String>> staysAfter = filesByMonth("length_of_stay", "discharge_month");
    Map<String, Set<String>> labsAfter = filesByMonth("abnormal_labs", "collected_month");
    assertThat(staysAfter.keySet())
        .containsExactly(
            "2021-01-01", "2021-02-01", "2021-03-01", "2021-04-01", "2021-06-01", "2021-08-01");
    assertRewrittenOnly(
        staysBefore, staysAfter, Set.of("2021-02-01", "2021-03-01", "2021-04-01", "2021-06-01"));
    assertThat(labsAfter.keySet())
        .containsExactly("1900-01-01", "2021-01-01", "2021-03-01", "2021-06-01");
    assertRewrittenOnly(labsBefore, labsAfter, Set.of("1900-01-01", "2021-01-01", "2021-03-01"));
  }

  @Test
  void aChangedDiagnosisRebuildsTheAdmissionMonthOfItsEncounter() {
    GoldStep step = new GoldStep(lake, GoldMart.named("encounters_by_month_chapter"));
    step.run(INCREMENTAL);
    Map<String, Set<String>> before = filesByMonth("encounters_by_month_chapter", "admit_month");

    // Encounter 1 (January) gets another chapter; encounter 9 (August) loses its diagnosis;
    // encounter 4 moves from March (its only admission) to May.
    sql(
        "UPDATE %s SET icd10_chapter = 5, icd10_chapter_title = 'Chapter 5' WHERE diagnosis_id = 1",
        "diagnoses");
    sql("DELETE FROM %s WHERE diagnosis_id = 2", "diagnoses");
    sql(
        "UPDATE %s SET admit_time = TIMESTAMP '2021-05-10 15:00:00Z' WHERE encounter_id = 4",
        "encounters");

    GoldStep.Result result = step.run(INCREMENTAL);

    assertThat(result.monthsRebuilt()).isEqualTo(OptionalInt.of(4));
    assertEqualsFullRebuild("encounters_by_month_chapter");
    Map<String, Set<String>> after = filesByMonth("encounters_by_month_chapter", "admit_month");
    assertThat(after.keySet())
        .containsExactly("2021-01-01", "2021-02-01", "2021-04-01", "2021-05-01", "2021-08-01");
    assertRewrittenOnly(before, after, Set.of("2021-01-01", "2021-05-01", "2021-08-01"));
  }

  @Test
  void aChangedFacilityRebuildsTheMartWhole() {
    GoldStep lengthOfStay = new GoldStep(lake, GoldMart.named("length_of_stay"));
    lengthOfStay.run(INCREMENTAL);
    GoldStep.Result again = lengthOfStay.run(INCREMENTAL);
    sql("UPDATE %s SET name = 'General Hospital North' WHERE facility_id = 1", "facilities");
    sql("DELETE FROM %s WHERE encounter_id = 5", "encounters");

    GoldStep.Result result = lengthOfStay.run(INCREMENTAL);

    assertThat(again.unchanged()).isTrue();
    assertThat(result.unchanged()).isFalse();
    assertThat(result.monthsRebuilt()).isEmpty();
    assertThat(result.summary()).endsWith("rows (rebuilt full)");
    assertEqualsFullRebuild("length_of_stay");
    assertThat(gold("length_of_stay").where("facility_name = 'General Hospital North'").count())
        .isPositive();
  }

  @Test
  void changesWhoseFilesWereVacuumedRebuildTheMartWhole() throws IOException {
    GoldStep lengthOfStay = new GoldStep(lake, GoldMart.named("length_of_stay"));
    lengthOfStay.run(INCREMENTAL);
    sql(
        "UPDATE %s SET discharge_time = TIMESTAMP '2021-04-01 02:00:00Z' WHERE encounter_id = 2",
        "encounters");
    Path changes = folder.resolve("lake/silver/encounters/_change_data");
    assertThat(changes).isDirectory();
    try (Stream<Path> files = Files.walk(changes)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }

    GoldStep.Result result = lengthOfStay.run(INCREMENTAL);

    assertThat(result.monthsRebuilt()).isEmpty();
    assertEqualsFullRebuild("length_of_stay");
  }

  @Test
  void aMartBuiltBeforeItWasIncrementalIsRebuiltWholeOnceThenByMonth() {
    GoldMart mart = GoldMart.named("length_of_stay");
    GoldStage stage =
        new GoldStage(
            spark, lake.paths(), lake.files(), lake.config().get(ConfigKeys.SOURCE_TIME_ZONE));
    // As an earlier version left it: one file for all months, no fingerprint of the statement.
    stage.apply(mart).write().format("delta").save(lake.paths().gold(mart.name()));
    Map<String, String> inputs = new TreeMap<>(stage.inputs(mart));
    inputs.remove(GoldStage.STATEMENT);
    stage.recordBuiltFrom(mart, inputs, lake.files());
    GoldStep step = new GoldStep(lake, mart);

    GoldStep.Result upgraded = step.run(INCREMENTAL);
    sql("DELETE FROM %s WHERE encounter_id = 5", "encounters");
    GoldStep.Result next = step.run(INCREMENTAL);

    assertThat(upgraded.monthsRebuilt()).isEmpty();
    assertThat(upgraded.unchanged()).isFalse();
    assertThat(
            spark
                .sql("DESCRIBE DETAIL delta.`" + lake.paths().gold(mart.name()) + "`")
                .first()
                .<Object>getAs("partitionColumns")
                .toString())
        .contains("discharge_month");
    assertThat(next.monthsRebuilt()).isEqualTo(OptionalInt.of(1));
    assertEqualsFullRebuild(mart.name());
  }

  @Test
  void aFullRunRebuildsTheMartWhole() {
    GoldStep lengthOfStay = new GoldStep(lake, GoldMart.named("length_of_stay"));
    lengthOfStay.run(INCREMENTAL);
    sql("DELETE FROM %s WHERE encounter_id = 5", "encounters");

    GoldStep.Result result = lengthOfStay.run(FULL);

    assertThat(result.monthsRebuilt()).isEmpty();
    assertEqualsFullRebuild("length_of_stay");
  }

  // ---- helpers ----

  private void assertEqualsFullRebuild(String mart) {
    Dataset<Row> gold = gold(mart);
    Dataset<Row> full =
        new GoldStage(
                spark, lake.paths(), lake.files(), lake.config().get(ConfigKeys.SOURCE_TIME_ZONE))
            .apply(GoldMart.named(mart));
    assertThat(gold.columns()).as(mart).containsExactly(full.columns());
    assertThat(gold.exceptAll(full).collectAsList())
        .as("%s rows a full rebuild lacks", mart)
        .isEmpty();
    assertThat(full.exceptAll(gold).collectAsList()).as("%s rows it lacks", mart).isEmpty();
  }

  /** The rows of the months not rebuilt are in the files they were in; the others in new ones. */
  private static void assertRewrittenOnly(
      Map<String, Set<String>> before, Map<String, Set<String>> after, Set<String> rebuilt) {
    Set<String> previous = new TreeSet<>();
    before.values().forEach(previous::addAll);
    after.forEach(
        (month, files) -> {
          if (rebuilt.contains(month)) {
            assertThat(files)
                .as("files of rebuilt month %s", month)
                .doesNotContainAnyElementsOf(previous);
          } else {
            assertThat(files).as("files of month %s", month).isEqualTo(before.get(month));
          }
        });
  }

  private Map<String, Set<String>> filesByMonth(String mart, String monthColumn) {
    Map<String, Set<String>> files = new TreeMap<>();
    for (Row row :
        gold(mart)
            .select(col(monthColumn).cast("string"), col("_metadata.file_path"))
            .collectAsList()) {
      files.computeIfAbsent(row.getString(0), month -> new TreeSet<>()).add(row.getString(1));
    }
    return files;
  }

  private Dataset<Row> gold(String mart) {
    return spark.read().format("delta").load(lake.paths().gold(mart));
  }

  private void sql(String statement, String entity) {
    spark.sql(String.format(statement, "delta.`" + lake.paths().silver(entity) + "`"));
  }

  private void silver(String entity, String query) {
    typed(entity, query)
        .write()
        .format("delta")
        .option(DeltaState.CHANGE_DATA_FEED, "true")
        .save(lake.paths().silver(entity));
  }

  private void insert(String entity, String query) {
    typed(entity, query).write().format("delta").mode("append").save(lake.paths().silver(entity));
  }

  /** The rows of a query with the columns silver gives the entity, null where it has none. */
  private static Dataset<Row> typed(String entity, String query) {
    StructType schema = GoldStage.silverSchema(spark, EhrEntities.named(entity).orElseThrow());
    Dataset<Row> given = spark.sql(query);
    List<String> present = Arrays.asList(given.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Column value =
          present.contains(field.name())
              ? col(field.name())
              : field.dataType() instanceof ArrayType ? array() : lit(null);
      columns.add(value.cast(field.dataType()).as(field.name()));
    }
    return given.select(columns.toArray(Column[]::new));
  }
}
