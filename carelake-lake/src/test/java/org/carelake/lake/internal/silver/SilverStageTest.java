package org.carelake.lake.internal.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.LakePaths;
import org.carelake.lake.silver.EhrEntities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The silver stage and its sinks on a local Spark session, with Delta tables in a temp folder. */
class SilverStageTest {
  static final String PATIENT_COLUMNS =
      "patient_id,mrn,given_name,family_name,birth_date,sex,address_line,city,state,zip,phone,"
          + "email,ssn,deceased_date,created_at,updated_at";
  static final String ENCOUNTER_COLUMNS =
      "encounter_id,patient_id,encounter_class,admit_time,discharge_time,discharge_disposition,"
          + "attending_practitioner_id,facility_id,admission_type,created_at,updated_at";

  @TempDir Path folder;

  private final SparkSession spark = SparkTests.spark();

  private LakePaths paths() {
    return LakePaths.of(folder.toUri());
  }

  static String[] patient(long id, String given, String city, String updatedAt) {
    return new String[] {
      String.valueOf(id),
      "MRN" + id,
      given,
      "Rivera",
      "1980-02-14",
      "female",
      "12 Elm Street",
      city,
      "MA",
      "02108",
      "617-555-0142",
      "maria@example.com",
      "999-12-3456",
      null,
      "2021-01-01 00:00:00+00",
      updatedAt
    };
  }

  /** One run of patients: validate, merge, keep the history, as the pipeline's step does. */
  private SilverStage.Counts runPatients(Dataset<Row> bronze) {
    SilverStage stage = new SilverStage(EhrEntities.PATIENTS);
    Dataset<Row> validated = stage.validate(bronze).persist();
    SilverStage.Counts counts = stage.count(validated);
    new SilverSink(spark, paths().silver("patients"), "patient_id").write(stage.upserts(validated));
    List<String> columns = new ArrayList<>(EhrEntities.PATIENTS.typedColumns().keySet());
    columns.remove("person_id");
    new HistorySink(spark, columns, paths().silver("patients_history"), "patient_id")
        .write(stage.versions(validated));
    validated.unpersist();
    return counts;
  }

  private Map<Long, String> silverCities() {
    Map<Long, String> cities = new TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(paths().silver("patients"))
        .collectAsList()
        .forEach(row -> cities.put(row.getAs("patient_id"), row.getAs("city")));
    return cities;
  }

  @Test
  void exactDuplicatesCollapseAndTheLatestOfSeveralVersionsInOneIncrementWins() {
    SilverStage stage = new SilverStage(EhrEntities.PATIENTS);
    Dataset<Row> validated =
        stage.validate(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
                .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
                .row(patient(1, "Maria", "Salem", "2021-04-01 10:00:00+00"))
                .build());
    SilverStage.Counts counts = stage.count(validated);

    assertThat(counts.received()).isEqualTo(3);
    assertThat(counts.upserted()).isEqualTo(1);
    assertThat(counts.duplicates()).isEqualTo(2);
    assertThat(counts.reconciles()).isTrue();
    assertThat(stage.upserts(validated).collectAsList())
        .extracting(row -> row.<String>getAs("city"))
        .containsExactly("Salem");
    assertThat(stage.versions(validated).count())
        .as("distinct versions for the history")
        .isEqualTo(2);
  }

  @Test
  void aDeletionRemovesTheRowFromSilverAndEndsItsHistory() {
    runPatients(
        BronzeRows.of("patients", PATIENT_COLUMNS)
            .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
            .row(patient(2, "Ana", "Salem", "2021-02-01 10:00:00+00"))
            .build());
    SilverStage.Counts counts =
        runPatients(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .run("000002-b")
                .deleted("2", "2021-05-01 10:00:00+00")
                .build());

    assertThat(counts.tombstones()).isEqualTo(1);
    assertThat(silverCities()).containsOnlyKeys(1L);
    PatientHistory history = new PatientHistory(spark, paths());
    assertThat(ids(history.asOf(Instant.parse("2021-04-01T00:00:00Z")))).containsExactly(1L, 2L);
    assertThat(ids(history.asOf(Instant.parse("2021-06-01T00:00:00Z")))).containsExactly(1L);
  }

  @Test
  void theSilverAndHistorySinksTellHowManyRowsEachWriteChanged() {
    String silver = paths().silver("patients");
    String history = paths().silver("patients_history");
    List<String> columns = new ArrayList<>(EhrEntities.PATIENTS.typedColumns().keySet());
    columns.remove("person_id");
    SilverStage stage = new SilverStage(EhrEntities.PATIENTS);
    Dataset<Row> first =
        stage.validate(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
                .row(patient(2, "Ana", "Salem", "2021-02-01 10:00:00+00"))
                .build());
    Dataset<Row> second =
        stage.validate(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .run("000002-b")
                .row(patient(1, "Maria", "Lowell", "2021-03-01 10:00:00+00"))
                .deleted("2", "2021-03-01 10:00:00+00")
                .build());

    assertThat(new SilverSink(spark, silver, "patient_id").write(stage.upserts(first)))
        .as("the table is created with both patients")
        .isEqualTo(2);
    assertThat(new HistorySink(spark, columns, history, "patient_id").write(stage.versions(first)))
        .isEqualTo(2);
    assertThat(new SilverSink(spark, silver, "patient_id").write(stage.upserts(second)))
        .as("one update and one deletion")
        .isEqualTo(2);
    assertThat(new HistorySink(spark, columns, history, "patient_id").write(stage.versions(second)))
        .as("two new versions, and the two versions they end")
        .isEqualTo(4);
    Dataset<Row> older =
        stage.validate(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .run("000003-c")
                .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
                .build());
    assertThat(new SilverSink(spark, silver, "patient_id").write(stage.upserts(older)))
        .as("an older version of a stored key changes nothing")
        .isZero();
  }

  @Test
  void versionsArrivingInReverseOrderAcrossTwoRunsLeaveTheLatestAndAnAsOfQueryFindsEach() {
    runPatients(
        BronzeRows.of("patients", PATIENT_COLUMNS)
            .run("000001-a")
            .row(patient(1, "Maria", "Salem", "2021-06-01 10:00:00+00"))
            .build());
    SilverStage.Counts second =
        runPatients(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .run("000002-b")
                .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
                .row(patient(1, "Maria", "Newton", "2021-04-01 10:00:00+00"))
                .build());

    assertThat(second.upserted()).as("the older versions are valid and offered").isEqualTo(1);
    assertThat(silverCities())
        .as("the newest version stays")
        .containsExactly(Map.entry(1L, "Salem"));
    PatientHistory history = new PatientHistory(spark, paths());

    assertThat(history.asOf(Instant.parse("2021-01-01T00:00:00Z")).count())
        .as("before the first version")
        .isZero();
    assertThat(city(history.asOf(Instant.parse("2021-03-01T00:00:00Z")))).isEqualTo("Boston");
    assertThat(city(history.asOf(Instant.parse("2021-04-01T10:00:00Z")))).isEqualTo("Newton");
    assertThat(city(history.asOf(Instant.parse("2021-12-01T00:00:00Z")))).isEqualTo("Salem");
    List<Row> versions =
        spark
            .read()
            .format("delta")
            .load(paths().silver("patients_history"))
            .orderBy("valid_from")
            .collectAsList();
    assertThat(versions)
        .extracting(row -> (Boolean) row.getAs("is_current"))
        .containsExactly(false, false, true);
    assertThat(versions.get(0).<Timestamp>getAs("valid_to"))
        .isEqualTo(versions.get(1).<Timestamp>getAs("valid_from"));
  }

  /**
   * Tables written by an earlier carelake, before patients had {@code person_id} (silver) and
   * before the history kept {@code deceased_date}: the next run's merge adds each column where a
   * fresh table has it, null in the rows already there, and needs no rebuild.
   */
  @Test
  void tablesWrittenBeforeAColumnWasAddedGainItInPlaceOnTheNextMerge() {
    SilverStage stage = new SilverStage(EhrEntities.PATIENTS);
    Dataset<Row> first =
        stage.validate(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .run("000001-a")
                .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
                .build());
    stage
        .upserts(first)
        .drop("_deleted", "person_id")
        .write()
        .format("delta")
        .save(paths().silver("patients"));
    List<String> historyColumns = new ArrayList<>(EhrEntities.PATIENTS.typedColumns().keySet());
    historyColumns.remove("person_id");
    List<String> olderHistoryColumns = new ArrayList<>(historyColumns);
    olderHistoryColumns.remove("deceased_date");
    new HistorySink(spark, olderHistoryColumns, paths().silver("patients_history"), "patient_id")
        .write(stage.versions(first));
    String[] deceased = patient(1, "Maria", "Salem", "2021-06-01 10:00:00+00");
    deceased[13] = "2021-05-30";

    runPatients(
        BronzeRows.of("patients", PATIENT_COLUMNS)
            .run("000002-b")
            .row(deceased)
            .row(patient(2, "Ana", "Newton", "2021-06-01 10:00:00+00"))
            .build());

    Dataset<Row> silver = spark.read().format("delta").load(paths().silver("patients"));
    assertThat(silver.columns())
        .as("the columns of a table written today, in the same order")
        .containsExactly(stage.upserts(first).drop("_deleted").columns());
    assertThat(silver.schema().apply("person_id").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(silverCities()).containsExactly(Map.entry(1L, "Salem"), Map.entry(2L, "Newton"));
    Dataset<Row> history = spark.read().format("delta").load(paths().silver("patients_history"));
    List<String> expected = new ArrayList<>(historyColumns);
    expected.addAll(HistorySink.VALIDITY);
    expected.addAll(List.of("_source_position", "_run_id"));
    assertThat(history.columns()).containsExactlyElementsOf(expected);
    assertThat(history.orderBy("patient_id", "valid_from").collectAsList())
        .extracting(row -> row.<String>getAs("city"), row -> row.getAs("deceased_date"))
        .containsExactly(
            tuple("Boston", null),
            tuple("Salem", java.sql.Date.valueOf("2021-05-30")),
            tuple("Newton", null));
  }

  private static List<Long> ids(Dataset<Row> patients) {
    return patients.orderBy("patient_id").collectAsList().stream()
        .map(row -> row.<Long>getAs("patient_id"))
        .toList();
  }

  private static String city(Dataset<Row> patients) {
    List<Row> rows = patients.collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0).getAs("city");
  }

  @Test
  void typingStandardizesNamesPhonesUnitsCodeSystemsAndLocalTimes() {
    Row patient =
        new SilverStage(EhrEntities.PATIENTS)
            .validate(
                BronzeRows.of("patients", PATIENT_COLUMNS)
                    .row(
                        "7",
                        " MRN7 ",
                        "\tJosÃ©",
                        "mcdonald ",
                        "1980-02-14",
                        "F",
                        "1 Main St",
                        "BOSTON",
                        "ma",
                        "02108",
                        "(617) 555-0142",
                        " Maria@Example.COM ",
                        "999-12-3456",
                        "",
                        "2021-01-01 00:00:00+00",
                        "2021-01-01 00:00:00+00")
                    .build())
            .first();
    assertThat(patient.<String>getAs("given_name")).isEqualTo("José");
    assertThat(patient.<String>getAs("family_name")).isEqualTo("McDonald");
    assertThat(patient.<String>getAs("administrative_gender")).isEqualTo("female");
    assertThat(patient.<String>getAs("city")).isEqualTo("Boston");
    assertThat(patient.<String>getAs("state")).isEqualTo("MA");
    assertThat(patient.<String>getAs("phone")).isEqualTo("+16175550142");
    assertThat(patient.<String>getAs("email")).isEqualTo("maria@example.com");
    assertThat(patient.<String>getAs("ssn")).isEqualTo("999123456");
    assertThat(patient.<String>getList(patient.fieldIndex("_warnings"))).containsExactly("PAT-106");

    Row encounter =
        new SilverStage(EhrEntities.ENCOUNTERS, ZoneId.of("America/New_York"))
            .validate(
                BronzeRows.of("encounters", ENCOUNTER_COLUMNS)
                    .row(
                        "10",
                        "7",
                        " Inpatient",
                        "2021-01-15 08:30:00",
                        "2021-07-15 12:00:00",
                        "home",
                        null,
                        null,
                        "URGENT",
                        "2021-01-01 00:00:00+00",
                        "2021-01-01 00:00:00+00")
                    .build())
            .first();
    assertThat(encounter.<String>getAs("encounter_class")).isEqualTo("inpatient");
    assertThat(encounter.<Timestamp>getAs("admit_time").toInstant())
        .as("EST, five hours behind UTC")
        .isEqualTo(Instant.parse("2021-01-15T13:30:00Z"));
    assertThat(encounter.<Timestamp>getAs("discharge_time").toInstant())
        .as("EDT, four hours behind UTC")
        .isEqualTo(Instant.parse("2021-07-15T16:00:00Z"));
    assertThat(encounter.<String>getAs("admission_type")).isEqualTo("urgent");

    Row lab =
        new SilverStage(EhrEntities.LAB_RESULTS)
            .validate(
                BronzeRows.of(
                        "lab_results",
                        "lab_result_id,patient_id,encounter_id,loinc_code,test_name,value_numeric,"
                            + "value_text,unit,reference_low,reference_high,reference_range,"
                            + "abnormal_flag,collected_at,resulted_at,created_at,updated_at")
                    .row(
                        "5",
                        "7",
                        "10",
                        "2345-7",
                        "Glucose",
                        "88",
                        null,
                        "mg/dl",
                        "70",
                        "99",
                        "70-99",
                        "n",
                        "2021-01-15 09:00:00",
                        "2021-01-15 10:00:00",
                        "2021-01-01 00:00:00+00",
                        "2021-01-01 00:00:00+00")
                    .build())
            .first();
    assertThat(lab.<String>getAs("unit")).isEqualTo("mg/dL");
    assertThat(lab.<BigDecimal>getAs("value_numeric")).isEqualByComparingTo("88");
    assertThat(lab.<String>getList(lab.fieldIndex("_errors"))).isEmpty();

    Row problem =
        new SilverStage(EhrEntities.PROBLEMS)
            .validate(
                BronzeRows.of(
                        "problems",
                        "problem_id,patient_id,code_system,code,description,status,onset_date,"
                            + "resolved_date,created_at,updated_at")
                    .row(
                        "3",
                        "7",
                        "icd-10-cm",
                        " e119",
                        "Type 2 diabetes",
                        "Active",
                        "2015-01-01",
                        null,
                        "2021-01-01 00:00:00+00",
                        "2021-01-01 00:00:00+00")
                    .build())
            .first();
    assertThat(problem.<String>getAs("code_system")).isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
    assertThat(problem.<String>getAs("code")).isEqualTo("E11.9");
    assertThat(problem.<String>getAs("status")).isEqualTo("active");
  }

  @Test
  void aLabValueInAnotherUnitThanItsLabelOrBeyondWhatIsPossibleIsQuarantined() {
    String columns =
        "lab_result_id,patient_id,encounter_id,loinc_code,test_name,value_numeric,value_text,unit,"
            + "reference_low,reference_high,reference_range,abnormal_flag,collected_at,"
            + "resulted_at,created_at,updated_at";
    Dataset<Row> bronze =
        BronzeRows.of("lab_results", columns)
            // A plausible value that contradicts its normal flag: the value or its unit is wrong.
            .row(
                "1",
                "7",
                "10",
                "2345-7",
                "Glucose",
                "30",
                null,
                "mg/dL",
                "70",
                "99",
                "70-99",
                "N",
                "2021-01-15 09:00:00",
                null,
                "2021-01-01 00:00:00+00",
                "2021-01-01 00:00:00+00")
            // 60 mg/dL (flag L) reported as 3.3: the flag agrees, the value is impossible.
            .row(
                "2",
                "7",
                "10",
                "2345-7",
                "Glucose",
                "3.3",
                null,
                "mg/dL",
                "70",
                "99",
                "70-99",
                "L",
                "2021-01-15 09:00:00",
                null,
                "2021-01-01 00:00:00+00",
                "2021-01-01 00:00:00+00")
            .row(
                "3",
                "7",
                "10",
                "2345-7",
                "Glucose",
                "-88",
                null,
                "mg/dL",
                "70",
                "99",
                "70-99",
                "N",
                "2021-01-15 09:00:00",
                null,
                "2021-01-01 00:00:00+00",
                "2021-01-01 00:00:00+00")
            .row(
                "4",
                "7",
                "10",
                "2345-8",
                "Glucose",
                "88",
                null,
                "mg/dL",
                "70",
                "99",
                "70-99",
                "N",
                "2021-01-15 09:00:00",
                null,
                "2021-01-01 00:00:00+00",
                "2021-01-01 00:00:00+00")
            .row(
                "5",
                "7",
                "10",
                "2345-7",
                "Glucose",
                "160",
                null,
                "mg/dL",
                "70",
                "99",
                "70-99",
                "H",
                "2021-01-15 09:00:00",
                null,
                "2021-01-01 00:00:00+00",
                "2021-01-01 00:00:00+00")
            .build();
    SilverStage stage = new SilverStage(EhrEntities.LAB_RESULTS);
    Map<String, List<String>> rules = new TreeMap<>();
    stage
        .quarantined(stage.validate(bronze))
        .collectAsList()
        .forEach(
            row -> rules.put(row.getAs("source_key"), row.getList(row.fieldIndex("rule_ids"))));

    assertThat(rules)
        .containsOnly(
            Map.entry("1", List.of("LAB-008")),
            Map.entry("2", List.of("LAB-007")),
            Map.entry("3", List.of("LAB-007", "LAB-008")),
            Map.entry("4", List.of("LAB-004")));
  }

  private static SilverContext context(
      Map<String, Dataset<Row>> known, Dataset<Row> pending, Instant asOf, Duration grace) {
    return new SilverContext(known, Map.of(), pending, asOf, grace);
  }

  private Dataset<Row> keys(long... ids) {
    List<Row> rows = new ArrayList<>();
    for (long id : ids) {
      rows.add(org.apache.spark.sql.RowFactory.create(id));
    }
    return spark.createDataFrame(rows, new StructType().add("key", DataTypes.LongType));
  }

  private static String[] encounter(long id, long patient) {
    return new String[] {
      String.valueOf(id),
      String.valueOf(patient),
      "outpatient",
      "2021-01-15 08:30:00",
      "2021-01-15 09:00:00",
      null,
      null,
      null,
      null,
      "2021-01-15 10:00:00+00",
      "2021-01-15 10:00:00+00"
    };
  }

  @Test
  void anEncounterWhosePatientHasNotArrivedWaitsAndJoinsSilverWhenThePatientArrives() {
    SilverStage stage = new SilverStage(EhrEntities.ENCOUNTERS);
    Instant firstRun = Instant.parse("2021-01-16T00:00:00Z");
    Dataset<Row> validated =
        stage.validate(
            BronzeRows.of("encounters", ENCOUNTER_COLUMNS)
                .row(encounter(10, 1))
                .row(encounter(11, 2))
                .build(),
            context(Map.of("patients", keys(1)), null, firstRun, Duration.ofDays(1)));
    SilverStage.Counts first = stage.count(validated);
    Dataset<Row> waiting = stage.pending(validated).localCheckpoint();

    assertThat(first.upserted()).isEqualTo(1);
    assertThat(first.pending()).isEqualTo(1);
    assertThat(first.quarantined()).isZero();
    assertThat(first.reconciles()).isTrue();
    assertThat(waiting.collectAsList())
        .singleElement()
        .satisfies(row -> assertThat(row.<String>getAs("encounter_id")).isEqualTo("11"))
        .satisfies(
            row ->
                assertThat(row.<String>getList(row.fieldIndex("_waiting_for")))
                    .containsExactly("ENC-201"));

    // The next run, an hour later, has nothing new for encounters, but patient 2 has arrived.
    Dataset<Row> nothing = BronzeRows.of("encounters", ENCOUNTER_COLUMNS).build();
    Dataset<Row> second =
        stage.validate(
            nothing,
            context(
                Map.of("patients", keys(1, 2)),
                waiting,
                firstRun.plus(Duration.ofHours(1)),
                Duration.ofDays(1)));
    SilverStage.Counts counts = stage.count(second);

    assertThat(counts.received()).isZero();
    assertThat(counts.retried()).isEqualTo(1);
    assertThat(counts.upserted()).isEqualTo(1);
    assertThat(counts.pending()).isZero();
    assertThat(counts.reconciles()).isTrue();
    assertThat(stage.upserts(second).first().<Long>getAs("encounter_id")).isEqualTo(11L);
  }

  @Test
  void anEncounterStillWaitingForItsPatientAfterTheGracePeriodGoesToQuarantine() {
    SilverStage stage = new SilverStage(EhrEntities.ENCOUNTERS);
    Instant firstRun = Instant.parse("2021-01-16T00:00:00Z");
    Dataset<Row> waiting =
        stage
            .pending(
                stage.validate(
                    BronzeRows.of("encounters", ENCOUNTER_COLUMNS).row(encounter(11, 2)).build(),
                    context(Map.of("patients", keys(1)), null, firstRun, Duration.ofDays(1))))
            .localCheckpoint();

    Dataset<Row> later =
        stage.validate(
            BronzeRows.of("encounters", ENCOUNTER_COLUMNS).build(),
            context(
                Map.of("patients", keys(1)),
                waiting,
                firstRun.plus(Duration.ofDays(2)),
                Duration.ofDays(1)));

    List<Row> quarantined = stage.quarantined(later).collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).<String>getList(quarantined.get(0).fieldIndex("rule_ids")))
        .containsExactly("ENC-201");
    assertThat(quarantined.get(0).<String>getList(quarantined.get(0).fieldIndex("reasons")))
        .containsExactly("patient_id names no patient the lake received within the grace period");
    assertThat(stage.count(later).pending()).isZero();
  }

  @Test
  void aPatientBornAfterTheirFirstAdmissionIsQuarantinedByTheCrossEntityRule() {
    Dataset<Row> firstAdmit =
        spark.sql(
            "SELECT CAST(1 AS BIGINT) AS key, TIMESTAMP '2020-05-01 10:00:00' AS admit_time"
                + " UNION ALL SELECT CAST(2 AS BIGINT), TIMESTAMP '1980-02-14 03:00:00'");
    SilverStage stage = new SilverStage(EhrEntities.PATIENTS);
    Dataset<Row> validated =
        stage.validate(
            BronzeRows.of("patients", PATIENT_COLUMNS)
                .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
                .row(patient(2, "Ana", "Boston", "2021-02-01 10:00:00+00"))
                .build(),
            new SilverContext(
                Map.of(), Map.of("first_admit", firstAdmit), null, Instant.now(), Duration.ZERO));
    List<Row> quarantined = stage.quarantined(validated).collectAsList();

    assertThat(quarantined).isEmpty();
    Dataset<Row> bornLater =
        BronzeRows.of("patients", PATIENT_COLUMNS)
            .row(patient(1, "Maria", "Boston", "2021-02-01 10:00:00+00"))
            .build()
            .withColumn("birth_date", org.apache.spark.sql.functions.lit("2020-06-01"));
    List<Row> rejected =
        stage
            .quarantined(
                stage.validate(
                    bornLater,
                    new SilverContext(
                        Map.of(),
                        Map.of("first_admit", firstAdmit),
                        null,
                        Instant.now(),
                        Duration.ZERO)))
            .collectAsList();
    assertThat(rejected)
        .singleElement()
        .satisfies(
            row ->
                assertThat(row.<String>getList(row.fieldIndex("rule_ids")))
                    .containsExactly("PAT-008"));
  }

  @Test
  void registrationsOfOnePersonShareTheSmallestPatientIdAndDifferentPeopleDoNot() {
    String[][] patients = {
      // 1 and 2: one person, a nickname and no SSN on the second registration.
      {"1", "William", "Harris", "1950-03-01", "male", "02108", "999-01-0001"},
      {"2", "Bill", "Harris", "1950-03-01", "male", "02108", null},
      // 3 and 4: one person, a typing slip in the family name, the same SSN.
      {"3", "Ana", "Gonzalez", "1990-07-09", "female", "01701", "999-02-0002"},
      {"4", "Ana", "Gonzlaez", "1990-07-09", "female", "02139", "999-02-0002"},
      // 5 and 6: twins: same birth date, family name and address, different names and SSNs.
      {"5", "Emma", "Nguyen", "2001-11-30", "female", "02446", "999-03-0003"},
      {"6", "Anna", "Nguyen", "2001-11-30", "female", "02446", "999-03-0004"},
      // 7 and 8: the same name, born on other days.
      {"7", "John", "Smith", "1970-01-01", "male", "02108", null},
      {"8", "John", "Smith", "1970-01-02", "male", "02108", null},
      // 9 and 10: a slip in the given name but different SSNs: different people.
      {"9", "Mark", "Lee", "1960-05-05", "male", "02108", "999-04-0001"},
      {"10", "Marc", "Lee", "1960-05-05", "male", "02108", "999-04-0002"},
    };
    List<Row> rows = new ArrayList<>();
    for (String[] p : patients) {
      rows.add(
          org.apache.spark.sql.RowFactory.create(
              Long.parseLong(p[0]),
              p[1],
              p[2],
              java.sql.Date.valueOf(LocalDate.parse(p[3])),
              p[4],
              p[5],
              null,
              null,
              p[6] == null ? null : p[6].replace("-", "")));
    }
    Dataset<Row> silver =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("patient_id", DataTypes.LongType)
                .add("given_name", DataTypes.StringType)
                .add("family_name", DataTypes.StringType)
                .add("birth_date", DataTypes.DateType)
                .add("administrative_gender", DataTypes.StringType)
                .add("zip", DataTypes.StringType)
                .add("phone", DataTypes.StringType)
                .add("email", DataTypes.StringType)
                .add("ssn", DataTypes.StringType));

    Map<Long, Long> persons = new TreeMap<>();
    new PersonMatcher(spark)
        .persons(silver)
        .collectAsList()
        .forEach(row -> persons.put(row.getLong(0), row.getLong(1)));

    assertThat(persons)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    1L, 1L, 2L, 1L, 3L, 3L, 4L, 3L, 5L, 5L, 6L, 6L, 7L, 7L, 8L, 8L, 9L, 9L, 10L,
                    10L)));
  }
}
