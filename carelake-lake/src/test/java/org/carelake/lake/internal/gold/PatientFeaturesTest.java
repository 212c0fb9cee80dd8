package org.carelake.lake.internal.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.TestSpark;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.RunMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatientFeaturesTest {
  private static SparkSession spark;

  @TempDir Path lake;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void aFactDatedAfterTheAsOfTimeNeverLeaksIntoTheRow() {
    Silver silver = new Silver();
    silver.patient(7340021, "MRN-884421", "1961-04-02", "female", null);
    silver.encounter(1, 7340021, "outpatient", "2020-12-01 09:00", "2020-12-01 09:30", null);
    silver.encounter(2, 7340021, "inpatient", "2021-01-10 08:00", "2021-01-15 14:00", "home");
    silver.encounter(3, 7340021, "emergency", "2021-01-20 22:00", "2021-01-21 03:00", "home");
    silver.encounter(4, 7340021, "outpatient", "2021-03-01 10:00", "2021-03-01 10:20", null);
    // Known at the index discharge: coded on the index stay.
    silver.diagnosis(10, 2, "I10", null, "2015-06-01");
    // Recorded on a later visit, although the onset it gives is before the index stay.
    silver.diagnosis(11, 4, "E119", null, "2021-01-01");
    // On an earlier visit, but with an onset after the index stay.
    silver.diagnosis(12, 1, "N1830", null, "2021-02-01");
    silver.lab(20, 7340021, "4548-4", "7.0", "2021-01-12 11:00");
    // The same day as the discharge, hours after it.
    silver.lab(21, 7340021, "4548-4", "9.5", "2021-01-15 18:00");
    silver.lab(22, 7340021, "2160-0", "1.3", "2021-02-01 08:00");
    silver.prescription(30, 7340021, "860975", "2020-12-01", null, "active");
    silver.prescription(31, 7340021, "314076", "2021-02-01", null, "active");
    silver.write(lake);

    Map<String, Row> rows = features(lake);
    String key = Pseudonyms.inLake(LakeFiles.withDefaults(), paths(lake)).patient(7340021);
    Row index = rows.get(key + " 2021-01-15 index_stay");
    Row snapshot = rows.get(key + " 2021-03-02 snapshot");

    assertThat(rows).hasSize(2);
    assertThat(index).isNotNull();
    assertThat(snapshot).isNotNull();
    assertThat(values(index, "has_hypertension", "has_diabetes", "has_ckd"))
        .containsExactly(true, false, false);
    assertThat(values(snapshot, "has_hypertension", "has_diabetes", "has_ckd"))
        .containsExactly(true, true, true);
    assertThat(values(index, "hba1c_pct", "creatinine_mg_dl")).containsExactly(7.0, null);
    assertThat(values(snapshot, "hba1c_pct", "creatinine_mg_dl")).containsExactly(9.5, 1.3);
    assertThat(
            values(
                index,
                "inpatient_encounters_12m",
                "emergency_encounters_12m",
                "outpatient_encounters_12m"))
        .containsExactly(1L, 0L, 1L);
    assertThat(
            values(
                snapshot,
                "inpatient_encounters_12m",
                "emergency_encounters_12m",
                "outpatient_encounters_12m"))
        .containsExactly(1L, 1L, 2L);
    assertThat(values(index, "active_medications")).containsExactly(1L);
    assertThat(values(snapshot, "active_medications")).containsExactly(2L);
    assertThat(values(index, "age_band", "sex")).containsExactly("50-59", "female");
  }

  @Test
  void theLabelIsAReadmissionWithin30DaysOfADischargeAliveAndNotTransferred() {
    Silver silver = new Silver();
    silver.patient(5100001, "MRN-100001", "1950-01-01", "male", null);
    // Readmitted on the 30th day after discharge: a readmission.
    silver.encounter(1, 5100001, "inpatient", "2021-04-25 08:00", "2021-05-01 10:00", "home");
    silver.encounter(2, 5100001, "inpatient", "2021-05-31 23:00", "2021-06-05 12:00", "home");
    // Admitted on the 31st day after the second discharge: not one; then transferred out.
    silver.encounter(3, 5100001, "inpatient", "2021-07-06 01:00", "2021-07-10 12:00", "transfer");
    // Died in hospital.
    silver.patient(5100002, "MRN-100002", "1940-01-01", "female", "2021-03-02");
    silver.encounter(4, 5100002, "inpatient", "2021-02-20 08:00", "2021-03-02 09:00", "expired");
    // Discharged home, dead the same day.
    silver.patient(5100003, "MRN-100003", "1945-01-01", "female", "2021-03-05");
    silver.encounter(5, 5100003, "inpatient", "2021-03-01 08:00", "2021-03-05 09:00", "home");
    // Discharged 9 days before the newest fact: its 30 days are not over.
    silver.patient(5100004, "MRN-100004", "1990-01-01", "other", null);
    silver.encounter(6, 5100004, "inpatient", "2021-06-28 08:00", "2021-07-01 09:00", "home");
    silver.write(lake);

    Map<String, Row> rows = features(lake);
    Pseudonyms pseudonyms = Pseudonyms.inLake(LakeFiles.withDefaults(), paths(lake));
    String readmitted = pseudonyms.patient(5100001);
    String censored = pseudonyms.patient(5100004);

    assertThat(rows.keySet())
        .containsExactlyInAnyOrder(
            readmitted + " 2021-05-01 index_stay",
            readmitted + " 2021-06-05 index_stay",
            readmitted + " 2021-07-11 snapshot",
            censored + " 2021-07-01 index_stay",
            censored + " 2021-07-11 snapshot");
    assertThat(values(rows.get(readmitted + " 2021-05-01 index_stay"), "readmitted_30d"))
        .containsExactly(true);
    assertThat(values(rows.get(readmitted + " 2021-06-05 index_stay"), "readmitted_30d"))
        .containsExactly(false);
    assertThat(values(rows.get(censored + " 2021-07-01 index_stay"), "readmitted_30d"))
        .containsExactly((Object) null);
    assertThat(values(rows.get(readmitted + " 2021-07-11 snapshot"), "readmitted_30d"))
        .containsExactly((Object) null);
    assertThat(values(rows.get(readmitted + " 2021-05-01 index_stay"), "prior_readmissions"))
        .containsExactly(0L);
    assertThat(values(rows.get(readmitted + " 2021-06-05 index_stay"), "prior_readmissions"))
        .containsExactly(1L);
    assertThat(values(rows.get(readmitted + " 2021-07-11 snapshot"), "prior_readmissions"))
        .containsExactly(1L);
    assertThat(values(rows.get(readmitted + " 2021-07-11 snapshot"), "active_medications"))
        .as("no silver prescriptions, diagnoses or lab results in this lake")
        .containsExactly(0L);
  }

  @Test
  void thePatientKeyIsStableUnderTheSameSecretAndNeverTheIdOrTheMrn(@TempDir Path other) {
    Silver silver = new Silver();
    silver.patient(7340021, "MRN-884421", "1961-04-02", "female", null);
    silver.patient(7340022, "MRN-884422", "1999-12-31", null, null);
    silver.encounter(1, 7340021, "inpatient", "2021-01-10 08:00", "2021-01-15 14:00", "home");
    silver.encounter(2, 7340022, "virtual", "2021-01-11 08:00", "2021-01-11 08:15", null);
    silver.write(lake);
    silver.write(other);

    Map<String, Row> rows = features(lake);
    List<String> first = keys(rows);
    List<String> again = keys(features(lake));
    List<String> otherSecret = keys(features(other));
    Pseudonyms pseudonyms = Pseudonyms.inLake(LakeFiles.withDefaults(), paths(lake));

    assertThat(first)
        .hasSize(2)
        .containsExactlyInAnyOrder(pseudonyms.patient(7340021), pseudonyms.patient(7340022))
        .allMatch(key -> key.matches("[0-9a-f]{32}"));
    assertThat(again).containsExactlyInAnyOrderElementsOf(first);
    assertThat(otherSecret).hasSize(2).doesNotContainAnyElementsOf(first);
    for (Row row : rows.values()) {
      for (int i = 0; i < row.length(); i++) {
        assertThat(String.valueOf(row.get(i)))
            .as(row.schema().fieldNames()[i])
            .doesNotContain("7340021")
            .doesNotContain("7340022")
            .doesNotContain("884421")
            .doesNotContain("884422");
      }
    }
    assertThat(GoldMart.named("patient_features").columns().keySet())
        .noneMatch(column -> column.contains("mrn") || column.equals("patient_id"));
  }

  @Test
  void aSyntheaShapedPatientWithSnomedDiagnosesOnlyAndAPatientWithoutLabsGetTheirRows() {
    Silver silver = new Silver();
    silver.patient(900001, "0f2a0c3e-synthea", "2012-07-19", "male", null);
    silver.encounter(1, 900001, "outpatient", "2021-02-01 09:00", "2021-02-01 09:15", null);
    silver.encounter(2, 900001, "inpatient", "2021-02-03 09:00", "2021-02-06 11:00", null);
    // SNOMED CT 195967001 (asthma) and 44054006 (diabetes mellitus type 2), no ICD-10-CM code.
    silver.diagnosis(10, 1, null, "195967001", "2019-05-01");
    silver.diagnosis(11, 2, null, "44054006", "2021-02-03");
    silver.lab(20, 900001, "4548-4", "6.1", "2021-02-04 07:00");
    silver.patient(900002, "MRN-900002", null, "unknown", null);
    silver.write(lake);

    Map<String, Row> rows = features(lake);
    Pseudonyms pseudonyms = Pseudonyms.inLake(LakeFiles.withDefaults(), paths(lake));
    Row synthea = rows.get(pseudonyms.patient(900001) + " 2021-02-07 snapshot");
    Row index = rows.get(pseudonyms.patient(900001) + " 2021-02-06 index_stay");
    Row bare = rows.get(pseudonyms.patient(900002) + " 2021-02-07 snapshot");

    assertThat(rows).hasSize(3);
    assertThat(values(synthea, "has_asthma", "has_diabetes", "diagnoses_other_system"))
        .containsExactly(false, false, 2L);
    assertThat(values(synthea, "age_band", "hba1c_pct", "readmitted_30d"))
        .containsExactly("0-17", 6.1, null);
    assertThat(values(index, "readmitted_30d")).containsExactly((Object) null);
    assertThat(
            values(
                bare,
                "age_band",
                "sex",
                "inpatient_encounters_12m",
                "hba1c_pct",
                "active_medications",
                "prior_readmissions",
                "has_ckd"))
        .containsExactly("unknown", "unknown", 0L, null, 0L, 0L, false);
  }

  @Test
  void anotherConfiguredSecretRebuildsTheTableWithOtherKeysThoughSilverIsUnchanged(
      @TempDir Path secrets) throws Exception {
    Silver silver = new Silver();
    silver.patient(7340021, "MRN-884421", "1961-04-02", "female", null);
    silver.encounter(1, 7340021, "outpatient", "2021-01-10 08:00", "2021-01-10 08:30", null);
    silver.write(lake);
    Path secret = secrets.resolve("pseudonym-secret");
    Files.writeString(secret, "first-secret-of-at-least-32-characters\n");
    Lake handle =
        Lake.open(
            CarelakeConfig.fromEnvironment(
                Map.of(
                    "CARELAKE_LAKE_URI", lake.toUri().toString(),
                    "CARELAKE_DATA_DIR", secrets.resolve("data").toString(),
                    "CARELAKE_GOLD_PSEUDONYM_SECRET_FILE", secret.toString())));
    GoldStep step = new GoldStep(handle, GoldMart.named("patient_features"));
    RunContext incremental = new RunContext(() -> null, RunMode.INCREMENTAL, Map.of());

    GoldStep.Result built = step.run(incremental);
    List<String> first = publishedKeys(lake);
    String expected = Pseudonyms.fromFile(handle.files(), secretUri(secret)).patient(7340021);
    GoldStep.Result again = step.run(incremental);
    Files.writeString(secret, "second-secret-of-at-least-32-characters\n");
    GoldStep.Result rotated = step.run(incremental);
    List<String> second = publishedKeys(lake);

    assertThat(built).isEqualTo(new GoldStep.Result(1, false));
    assertThat(again).isEqualTo(new GoldStep.Result(1, true));
    assertThat(rotated).isEqualTo(new GoldStep.Result(1, false));
    assertThat(first).containsExactly(expected);
    assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
    assertThat(lake.resolve("_carelake/pseudonym-secret")).doesNotExist();
  }

  private static String secretUri(Path secret) {
    return secret.toUri().toString();
  }

  private static List<String> publishedKeys(Path lake) {
    return spark
        .read()
        .format("delta")
        .load(paths(lake).gold("patient_features"))
        .collectAsList()
        .stream()
        .map(row -> row.<String>getAs("patient_key"))
        .toList();
  }

  private static Map<String, Row> features(Path lake) {
    LakePaths paths = paths(lake);
    Pseudonyms.inLake(LakeFiles.withDefaults(), paths).register(spark);
    Map<String, Row> rows = new HashMap<>();
    for (Row row :
        new GoldStage(spark, paths, LakeFiles.withDefaults())
            .apply(GoldMart.named("patient_features"))
            .collectAsList()) {
      String key =
          row.getAs("patient_key") + " " + row.getAs("as_of_date") + " " + row.getAs("row_type");
      assertThat(rows.put(key, row)).as("rows of key %s", key).isNull();
    }
    return rows;
  }

  private static List<String> keys(Map<String, Row> rows) {
    return rows.values().stream().map(row -> row.<String>getAs("patient_key")).distinct().toList();
  }

  private static List<Object> values(Row row, String... columns) {
    assertThat(row).as("row").isNotNull();
    return Arrays.stream(columns).map(row::getAs).toList();
  }

  private static LakePaths paths(Path lake) {
    return LakePaths.of(lake.toUri());
  }

  /**
   * Silver tables with the columns the mart reads, typed as silver types them; a table without rows
   * is not written, as in a lake fed by HL7 alone.
   */
  private static final class Silver {
    private final List<Row> patients = new ArrayList<>();
    private final List<Row> encounters = new ArrayList<>();
    private final Map<Long, Long> encounterPatients = new HashMap<>();
    private final List<Row> diagnoses = new ArrayList<>();
    private final List<Row> labs = new ArrayList<>();
    private final List<Row> prescriptions = new ArrayList<>();

    void patient(long id, String mrn, String birth, String sex, String deceased) {
      patients.add(
          RowFactory.create(id, mrn, "Ada", "Lovelace", date(birth), sex, date(deceased), id));
    }

    void encounter(
        long id, long patient, String type, String admit, String discharge, String disposition) {
      encounterPatients.put(id, patient);
      encounters.add(
          RowFactory.create(id, patient, type, time(admit), time(discharge), disposition));
    }

    void diagnosis(long id, long encounter, String icd10, String snomed, String onset) {
      diagnoses.add(
          RowFactory.create(
              id,
              encounter,
              encounterPatients.get(encounter),
              icd10,
              icd10 == null ? "not_icd10" : "billable",
              "secondary",
              date(onset),
              snomed));
    }

    void lab(long id, long patient, String loinc, String value, String resulted) {
      labs.add(
          RowFactory.create(
              id,
              patient,
              loinc,
              new BigDecimal(value).setScale(6),
              Timestamp.from(time(resulted).toInstant().minusSeconds(7200)),
              time(resulted)));
    }

    void prescription(long id, long patient, String rxnorm, String start, String end, String s) {
      prescriptions.add(RowFactory.create(id, patient, rxnorm, date(start), date(end), s));
    }

    void write(Path lake) {
      LakePaths paths = paths(lake);
      save(
          patients,
          new StructType()
              .add("patient_id", DataTypes.LongType)
              .add("mrn", DataTypes.StringType)
              .add("given_name", DataTypes.StringType)
              .add("family_name", DataTypes.StringType)
              .add("birth_date", DataTypes.DateType)
              .add("administrative_gender", DataTypes.StringType)
              .add("deceased_date", DataTypes.DateType)
              .add("person_id", DataTypes.LongType),
          paths.silver("patients"));
      save(
          encounters,
          new StructType()
              .add("encounter_id", DataTypes.LongType)
              .add("patient_id", DataTypes.LongType)
              .add("encounter_class", DataTypes.StringType)
              .add("admit_time", DataTypes.TimestampType)
              .add("discharge_time", DataTypes.TimestampType)
              .add("discharge_disposition", DataTypes.StringType),
          paths.silver("encounters"));
      save(
          diagnoses,
          new StructType()
              .add("diagnosis_id", DataTypes.LongType)
              .add("encounter_id", DataTypes.LongType)
              .add("patient_id", DataTypes.LongType)
              .add("icd10_code", DataTypes.StringType)
              .add("icd10_code_status", DataTypes.StringType)
              .add("diagnosis_rank", DataTypes.StringType)
              .add("onset_date", DataTypes.DateType)
              .add("snomed_code", DataTypes.StringType),
          paths.silver("diagnoses"));
      save(
          labs,
          new StructType()
              .add("lab_result_id", DataTypes.LongType)
              .add("patient_id", DataTypes.LongType)
              .add("loinc_code", DataTypes.StringType)
              .add("value_numeric", DataTypes.createDecimalType(18, 6))
              .add("collected_at", DataTypes.TimestampType)
              .add("resulted_at", DataTypes.TimestampType),
          paths.silver("lab_results"));
      save(
          prescriptions,
          new StructType()
              .add("prescription_id", DataTypes.LongType)
              .add("patient_id", DataTypes.LongType)
              .add("rxnorm_code", DataTypes.StringType)
              .add("start_date", DataTypes.DateType)
              .add("end_date", DataTypes.DateType)
              .add("status", DataTypes.StringType),
          paths.silver("prescriptions"));
    }

    /** Writes a table unless it has no rows: a lake fed by HL7 alone has no prescriptions. */
    private static void save(List<Row> rows, StructType schema, String path) {
      if (rows.isEmpty()) {
        return;
      }
      spark.createDataFrame(rows, schema).write().format("delta").mode("overwrite").save(path);
    }

    private static Date date(String text) {
      return text == null ? null : Date.valueOf(text);
    }

    private static Timestamp time(String text) {
      return text == null ? null : Timestamp.from(Instant.parse(text.replace(' ', 'T') + ":00Z"));
    }
  }
}
