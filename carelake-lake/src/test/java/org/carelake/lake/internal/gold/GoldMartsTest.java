package org.carelake.lake.internal.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.CarelakeException;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.TestSpark;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.quality.QualityReport;
import org.carelake.lake.quality.QualityReports;
import org.carelake.lake.silver.EhrEntities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gold marts over small hand-made silver tables shaped like real data: a stay spanning
 * midnight, a transfer and a death among the discharges, a person registered twice, a diagnosis
 * coded in SNOMED CT only, a malformed code, an HL7 local code, a cancelled prescription, and a
 * lake that lacks a silver table.
 */
class GoldMartsTest {
  private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
  private static final String SNOMED = "http://snomed.info/sct";

  @TempDir static Path folder;

  private static SparkSession spark;
  private static LakePaths paths;
  private static GoldStage stage;

  @BeforeAll
  static void buildTheLake() {
    spark = TestSpark.session();
    paths = LakePaths.of(folder.resolve("lake").toUri());
    stage = new GoldStage(spark, paths, LakeFiles.withDefaults());
    // patient_features calls patient_pseudonym, which the gold step registers with the lake's
    // secret.
    Pseudonyms.inLake(LakeFiles.withDefaults(), paths).register(spark);
    silver(
        "facilities",
        row("facility_id", 1L, "name", "General Hospital"),
        row("facility_id", 2L, "name", "Riverside Clinic"));
    silver(
        "patients",
        patient(1, null, "1950-06-01", "female", "02139", null, "2021-01-01T00:00:00Z"),
        patient(2, null, "1980-03-03", "male", "03690", null, "2021-01-01T00:00:00Z"),
        patient(
            3, null, "1930-01-01", "female", "10001-1234", "2021-03-05", "2021-01-01T00:00:00Z"),
        // One person under two MRNs: registration 5 is the later one.
        patient(4, 4L, "2000-12-31", "male", "94016", null, "2021-01-01T00:00:00Z"),
        patient(5, 4L, "2000-12-31", "male", "94110", null, "2021-06-01T00:00:00Z"));
    silver(
        "encounters",
        // Admitted at 22:00, discharged 36 hours later: in house two midnights. Readmitted by 2.
        encounter(1, 1, "inpatient", 1L, "2021-01-10T22:00:00Z", "2021-01-12T10:00:00Z", "home"),
        // Discharged 32 days before encounter 3: not readmitted.
        encounter(2, 1, "inpatient", 1L, "2021-02-05T08:00:00Z", "2021-02-06T08:00:00Z", "home"),
        // Same-day stay, transferred out.
        encounter(
            3, 1, "inpatient", 1L, "2021-03-10T09:00:00Z", "2021-03-10T21:00:00Z", "transfer"),
        // Recorded as going home, but the patient's date of death is the discharge day.
        encounter(4, 3, "inpatient", 1L, "2021-03-01T12:00:00Z", "2021-03-05T06:00:00Z", "home"),
        encounter(
            5,
            2,
            "inpatient",
            1L,
            "2021-03-20T10:00:00Z",
            "2021-03-21T10:00:00Z",
            "left-against-advice"),
        encounter(6, 2, "inpatient", 1L, "2021-03-25T10:00:00Z", "2021-03-27T10:00:00Z", "home"),
        // The same person readmitted under a second registration.
        encounter(7, 4, "inpatient", 1L, "2021-04-01T10:00:00Z", "2021-04-03T10:00:00Z", "home"),
        encounter(8, 5, "inpatient", 1L, "2021-04-20T10:00:00Z", "2021-04-22T10:00:00Z", "home"),
        // Discharged eight days before the data ends: its 30 days are not observed.
        encounter(9, 1, "inpatient", 1L, "2021-09-20T10:00:00Z", "2021-09-22T10:00:00Z", "home"),
        // Still in house when the data ends.
        encounter(10, 2, "inpatient", 1L, "2021-09-29T10:00:00Z", null, null),
        encounter(11, 1, "outpatient", 2L, "2021-09-30T20:00:00Z", "2021-09-30T20:30:00Z", null),
        encounter(12, 2, "emergency", 1L, "2021-01-10T23:00:00Z", "2021-01-11T03:00:00Z", "home"),
        encounter(13, 1, "outpatient", null, "2021-05-05T10:00:00Z", "2021-05-05T10:30:00Z", null));
    silver(
        "diagnoses",
        diagnosis(1, 1, 1, "E11.9", 4, "E08-E13", "Diabetes mellitus", "primary", ICD10, null),
        // Synthea codes conditions in SNOMED CT only.
        with(
            diagnosis(2, 1, 1, null, null, null, null, "secondary", SNOMED, null),
            "snomed_code",
            "44054006",
            "icd10_code_status",
            "not_icd10"),
        with(
            diagnosis(3, 2, 1, "E11,9", null, null, null, "primary", ICD10, null),
            "icd10_code_status",
            "malformed"),
        // The encounter is not in silver: the onset month counts.
        diagnosis(4, 999, 2, "I10", 9, null, null, "primary", ICD10, "2020-12-15"),
        // An HL7 DG1 coded in a local system.
        with(
            diagnosis(5, 2, 1, null, null, null, null, "secondary", null, null),
            "source_code",
            "HTN-1",
            "source_code_system",
            "LOCALDX"));
    silver(
        "prescriptions",
        prescription(1, 1, "860975", 10L, "2021-01-12", "2021-04-11", "completed"),
        prescription(2, 2, "860975", 10L, "2021-02-15", null, "active"),
        prescription(3, 3, "197361", null, "2021-03-02", "2021-03-31", "stopped"),
        prescription(4, 1, "860975", 10L, "2021-01-05", null, "cancelled"));
    silver(
        "lab_results",
        lab(1, "2345-7", "2021-01-11T08:00:00Z", "H"),
        lab(2, "2345-7", "2021-01-11T09:00:00Z", "N"),
        lab(3, "2345-7", "2021-01-20T08:00:00Z", null),
        lab(4, "2345-7", "2021-01-21T08:00:00Z", "LL"),
        lab(5, "4548-4", "2021-02-01T08:00:00Z", "A"));
    silver(
        "appointments",
        // 2021-03-01 is a Monday.
        appointment(1, 2L, "2021-03-01T09:00:00Z", "fulfilled"),
        appointment(2, 2L, "2021-03-01T10:00:00Z", "noshow"),
        appointment(3, 2L, "2021-03-01T11:00:00Z", "cancelled"),
        appointment(4, 2L, "2021-03-01T12:00:00Z", "booked"),
        appointment(5, 2L, "2021-03-02T09:00:00Z", "noshow"),
        appointment(6, null, "2021-03-01T09:00:00Z", "fulfilled"));
    spark
        .sql(
            "SELECT 'ehr.patients' AS source_table, key AS source_key, array('PAT-003') AS"
                + " rule_ids, array('birth_date is missing') AS reasons, '{}' AS record,"
                + " '000001-a' AS run_id, concat('patients:', key) AS source_position,"
                + " current_timestamp() AS quarantined_at FROM VALUES ('7'), ('8') AS t(key)")
        .write()
        .format("delta")
        .save(paths.quarantine());
    spark
        .sql(
            "SELECT 'ehr.patients' AS source_table, '7' AS source_key, 'patients:7' AS"
                + " source_position, '000001-a' AS run_id, 'passed' AS resolution,"
                + " '000003-c' AS current_run_id, 'replay-1' AS replay_id,"
                + " current_timestamp() AS released_at")
        .write()
        .format("delta")
        .save(paths.quarantineReleases());
    QualityReports reports = new QualityReports(LakeFiles.withDefaults(), paths);
    reports.write(
        report(
            "000001-a",
            List.of(
                new QualityReport.RuleFailures(
                    "PAT-003", "patients", "error", "birth_date is missing", 2, 0.4, null),
                new QualityReport.RuleFailures(
                    "DX-103", "diagnoses", "warning", "unknown code", 3, 0.1, null)),
            new QualityReport.Backlog(2, 0, 0, 2)));
    reports.write(report("000002-b", List.of(), new QualityReport.Backlog(2, 1, 0, 1)));
  }

  @Test
  void theCensusCountsAStaySpanningMidnightAtEachMidnightAndASameDayStayAtNone() {
    Map<String, List<Object>> census =
        rows(
            "daily_census",
            List.of("census_date", "facility_id", "encounter_class"),
            List.of("in_house_at_midnight", "admissions", "discharges"));

    assertThat(census)
        .containsEntry("2021-01-10|1|inpatient", List.of(1L, 1L, 0L))
        .containsEntry("2021-01-11|1|inpatient", List.of(1L, 0L, 0L))
        .containsEntry("2021-01-12|1|inpatient", List.of(0L, 0L, 1L))
        .containsEntry("2021-01-10|1|emergency", List.of(1L, 1L, 0L))
        .containsEntry("2021-01-11|1|emergency", List.of(0L, 0L, 1L))
        .containsEntry("2021-03-10|1|inpatient", List.of(0L, 1L, 1L))
        // Still in house: counted up to the last midnight the data has passed.
        .containsEntry("2021-09-29|1|inpatient", List.of(1L, 1L, 0L))
        .containsEntry("2021-05-05|0|outpatient", List.of(0L, 1L, 1L))
        .doesNotContainKey("2021-09-30|1|inpatient");
    long admissions = census.values().stream().mapToLong(counts -> (Long) counts.get(1)).sum();
    assertThat(admissions).as("every encounter is admitted once").isEqualTo(13);
  }

  @Test
  void theCensusIsTakenAtTheSourcesMidnightNotAtMidnightUtc() {
    GoldStage newYork =
        new GoldStage(spark, paths, LakeFiles.withDefaults(), ZoneId.of("America/New_York"));
    Map<String, List<Object>> census = new LinkedHashMap<>();
    for (Row row : newYork.apply(GoldMart.named("daily_census")).collectAsList()) {
      census.put(
          row.getAs("census_date")
              + "|"
              + row.getAs("facility_id")
              + "|"
              + row.getAs("encounter_class"),
          List.of(
              row.getAs("in_house_at_midnight"), row.getAs("admissions"), row.getAs("discharges")));
    }

    // 23:00 to 03:00 UTC is 18:00 to 22:00 in New York: a same-day visit, in no census.
    assertThat(census)
        .containsEntry("2021-01-10|1|emergency", List.of(0L, 1L, 1L))
        .doesNotContainKey("2021-01-11|1|emergency");
    assertThat(spark.conf().get("spark.sql.session.timeZone"))
        .as("the session's zone is restored")
        .isEqualTo("UTC");
  }

  @Test
  void lengthOfStayGivesMeanMedianAndInterpolatedPercentileInDays() {
    Map<String, List<Object>> stays =
        rows(
            "length_of_stay",
            List.of("discharge_month", "encounter_class", "facility_id"),
            List.of("stays", "mean_days", "median_days", "p90_days"));

    assertThat(stays)
        .containsEntry("2021-01-01|inpatient|1", List.of(1L, 1.5, 1.5, 1.5))
        // Stays of 0.5, 3.75, 1 and 2 days.
        .containsEntry("2021-03-01|inpatient|1", List.of(4L, 1.813, 1.5, 3.225));
    assertThat(stays.values().stream().mapToLong(v -> (Long) v.get(0)).sum())
        .as("the stay in progress has no length yet")
        .isEqualTo(12);
  }

  @Test
  void readmissionsExcludeDeathsTransfersAgainstAdviceAndUnobservedFollowUpAndFollowThePerson() {
    Map<String, List<Object>> readmissions =
        rows(
            "readmissions_30d",
            List.of("discharge_month", "facility_id"),
            List.of(
                "discharges",
                "excluded_died",
                "excluded_transferred",
                "excluded_against_advice",
                "excluded_incomplete_follow_up",
                "index_stays",
                "readmissions",
                "readmission_rate"));

    assertThat(readmissions)
        .containsEntry("2021-01-01|1", List.of(1L, 0L, 0L, 0L, 0L, 1L, 1L, 1.0))
        .containsEntry("2021-02-01|1", List.of(1L, 0L, 0L, 0L, 0L, 1L, 0L, 0.0))
        .containsEntry("2021-03-01|1", List.of(4L, 1L, 1L, 1L, 0L, 1L, 0L, 0.0))
        .containsEntry("2021-04-01|1", List.of(2L, 0L, 0L, 0L, 0L, 2L, 1L, 0.5))
        .containsEntry("2021-09-01|1", Arrays.asList(1L, 0L, 0L, 0L, 1L, 0L, 0L, null))
        .hasSize(5);
  }

  @Test
  void aSnomedCtDiagnosisCountsUnderItsOwnSystemAndNoDiagnosisIsDropped() {
    Map<String, List<Object>> diagnoses =
        rows(
            "diagnoses_by_chapter_block",
            List.of("month", "code_system", "icd10_chapter", "icd10_block"),
            List.of("diagnoses", "primary_diagnoses", "encounters", "patients"));

    assertThat(diagnoses)
        .containsEntry("2021-01-01|ICD-10-CM|4|E08-E13", List.of(1L, 1L, 1L, 1L))
        .containsEntry("2021-01-01|SNOMED CT|0|none", List.of(1L, 0L, 1L, 1L))
        .containsEntry("2021-02-01|ICD-10-CM|0|unclassified", List.of(1L, 1L, 1L, 1L))
        .containsEntry("2020-12-01|ICD-10-CM|9|unknown", List.of(1L, 1L, 1L, 1L))
        .containsEntry("2021-02-01|LOCALDX|0|none", List.of(1L, 0L, 1L, 1L))
        .hasSize(5);
  }

  @Test
  void prescriptionsCountAtEveryMonthEndTheyAreActiveAndACancelledOrderAtNone() {
    Map<String, List<Object>> medications =
        rows(
            "medications_by_concept",
            List.of("month_end", "rxnorm_code", "prescriber_id"),
            List.of("active_prescriptions", "patients", "started_in_month"));

    assertThat(medications)
        .containsEntry("2021-01-31|860975|10", List.of(1L, 1L, 1L))
        .containsEntry("2021-02-28|860975|10", List.of(2L, 2L, 1L))
        .containsEntry("2021-03-31|860975|10", List.of(2L, 2L, 0L))
        .containsEntry("2021-03-31|197361|0", List.of(1L, 1L, 1L))
        .containsEntry("2021-04-30|860975|10", List.of(1L, 1L, 0L))
        // The open order runs to the last month end the data reaches.
        .containsEntry("2021-09-30|860975|10", List.of(1L, 1L, 0L))
        .hasSize(10);
  }

  @Test
  void abnormalLabRatesCountOnlyInterpretedResults() {
    Map<String, List<Object>> labs =
        rows(
            "abnormal_labs",
            List.of("collected_month", "loinc_code"),
            List.of(
                "results", "interpreted", "abnormal", "low", "high", "critical", "abnormal_rate"));

    assertThat(labs)
        .containsEntry("2021-01-01|2345-7", List.of(4L, 3L, 2L, 1L, 1L, 1L, 0.6667))
        .containsEntry("2021-02-01|4548-4", List.of(1L, 1L, 1L, 0L, 0L, 0L, 1.0))
        .hasSize(2);
  }

  @Test
  void noShowRatesAreByFacilityAndWeekdayWithAnUnknownLeadTime() {
    Map<String, List<Object>> appointments =
        rows(
            "appointments_no_show",
            List.of("facility_id", "weekday", "lead_time"),
            List.of(
                "weekday_name",
                "appointments",
                "kept",
                "no_shows",
                "cancellations",
                "pending",
                "no_show_rate",
                "cancellation_rate"));

    assertThat(appointments)
        .containsEntry("2|1|unknown", List.of("Monday", 4L, 1L, 1L, 1L, 1L, 0.5, 0.3333))
        .containsEntry("2|2|unknown", List.of("Tuesday", 1L, 0L, 1L, 0L, 0L, 1.0, 0.0))
        .containsEntry("0|1|unknown", List.of("Monday", 1L, 1L, 0L, 0L, 0L, 0.0, 0.0))
        .hasSize(3);
  }

  @Test
  void thePopulationCountsEachPersonOnceBySafeHarborAgeBandAndZip3() {
    Map<String, List<Object>> population =
        rows(
            "patient_population",
            List.of("age_band", "sex", "zip3"),
            List.of("patients", "registrations", "deceased"));

    assertThat(population)
        .containsEntry("70-74|female|021", List.of(1L, 1L, 0L))
        // ZIP3 036 is one of the areas Safe Harbor reduces to 000.
        .containsEntry("40-44|male|000", List.of(1L, 1L, 0L))
        // Born 1930, died 2021: over 89, in the top band.
        .containsEntry("90+|female|100", List.of(1L, 1L, 1L))
        // One person, two registrations; the later one's ZIP code.
        .containsEntry("20-24|male|941", List.of(1L, 2L, 0L))
        .hasSize(4);
  }

  @Test
  void dataQualityByRunGivesEachRunsFailuresQuarantineAndBacklog() {
    Map<String, List<Object>> quality =
        rows(
            "data_quality_by_run",
            List.of("run_id", "source_table", "rule_id"),
            List.of(
                "severity",
                "failures",
                "quarantined_rows",
                "released_rows",
                "backlog_open_records"));

    assertThat(quality)
        .containsEntry("000001-a|patients|PAT-003", List.of("error", 2L, 2L, 1L, 2L))
        .containsEntry("000001-a|diagnoses|DX-103", List.of("warning", 3L, 0L, 0L, 2L))
        .containsEntry("000002-b|none|none", List.of("none", 0L, 0L, 0L, 1L))
        .hasSize(3);
  }

  @Test
  void everyMartHasNonNullUniqueKeysAndTheColumnsItsHeaderDescribes() {
    for (GoldMart mart : GoldMart.ALL) {
      Dataset<Row> rows = stage.apply(mart).cache();
      assertThat(rows.count()).as("%s has rows", mart.name()).isPositive();
      String nulls =
          mart.key().stream()
              .map(column -> "`" + column + "` IS NULL")
              .reduce((a, b) -> a + " OR " + b)
              .orElseThrow();
      assertThat(rows.where(nulls).count()).as("%s rows with a null key", mart.name()).isZero();
      assertThat(
              rows.groupBy(
                      mart.key().stream()
                          .map(rows::col)
                          .toArray(org.apache.spark.sql.Column[]::new))
                  .count()
                  .where("count > 1")
                  .count())
          .as("%s keys appearing twice", mart.name())
          .isZero();
      rows.unpersist();
    }
  }

  @Test
  void aSilverTableTheLakeHasNotWrittenReadsAsAnEmptyTableOfSilversTypes() {
    LakePaths empty = LakePaths.of(folder.resolve("hl7-only").toUri());
    GoldStage hl7Only = new GoldStage(spark, empty, LakeFiles.withDefaults());

    Dataset<Row> prescriptions = hl7Only.silver("prescriptions");
    Dataset<Row> medications = hl7Only.apply(GoldMart.named("medications_by_concept"));

    assertThat(prescriptions.count()).isZero();
    assertThat(prescriptions.schema().apply("start_date").dataType()).isEqualTo(DataTypes.DateType);
    assertThat(prescriptions.schema().apply("dose_quantity").dataType())
        .isEqualTo(DataTypes.createDecimalType(18, 6));
    assertThat(prescriptions.columns()).contains("_source_updated_at", "_warnings");
    assertThat(medications.count()).isZero();
    assertThat(medications.schema().apply("active_prescriptions").dataType())
        .isEqualTo(DataTypes.LongType);
  }

  @Test
  void aMartReadingAnUnknownTableIsRefusedNamingWhatItMayRead() {
    assertThatThrownBy(() -> stage.silver("prescription"))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("reads 'prescription'")
        .hasMessageContaining("prescriptions")
        .hasMessageContaining("quality_runs")
        .hasMessageContaining("'-- reads:'");
  }

  @Test
  void aMartReadingTheQualityReportsWaitsForTheRunsQualityStep() {
    Lake lake =
        Lake.open(
            CarelakeConfig.fromEnvironment(
                Map.of("CARELAKE_DATA_DIR", folder.resolve("steps").toString())));

    assertThat(new GoldStep(lake, GoldMart.named("data_quality_by_run")).dependsOn())
        .contains(StepName.of("quality"));
    assertThat(new GoldStep(lake, GoldMart.named("daily_census")).dependsOn())
        .containsExactly(StepName.of("reconcile"));
  }

  // ---- the hand-made lake ----

  /** Key columns joined by '|' to the values of the other columns, as Java values. */
  private static Map<String, List<Object>> rows(
      String mart, List<String> key, List<String> values) {
    Map<String, List<Object>> result = new LinkedHashMap<>();
    for (Row row : stage.apply(GoldMart.named(mart)).collectAsList()) {
      String id =
          String.join(
              "|", key.stream().map(column -> String.valueOf(row.<Object>getAs(column))).toList());
      List<Object> list = new ArrayList<>();
      for (String column : values) {
        Object value = row.getAs(column);
        list.add(value instanceof Integer i ? Long.valueOf(i) : value);
      }
      assertThat(result.put(id, list)).as("%s key %s appears once", mart, id).isNull();
    }
    return result;
  }

  private static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  private static Map<String, Object> with(Map<String, Object> row, Object... pairs) {
    row.putAll(row(pairs));
    return row;
  }

  @SafeVarargs
  private static void silver(String entity, Map<String, Object>... rows) {
    StructType schema = GoldStage.silverSchema(spark, EhrEntities.named(entity).orElseThrow());
    List<Row> data = new ArrayList<>();
    for (Map<String, Object> values : rows) {
      Object[] cells = new Object[schema.fields().length];
      for (int i = 0; i < cells.length; i++) {
        StructField field = schema.fields()[i];
        cells[i] = convert(values.get(field.name()), field);
      }
      assertThat(Arrays.asList(schema.fieldNames())).containsAll(values.keySet());
      data.add(RowFactory.create(cells));
    }
    spark.createDataFrame(data, schema).write().format("delta").save(paths.silver(entity));
  }

  private static Object convert(Object value, StructField field) {
    if (value == null) {
      // Silver's warnings are an array, empty when the row broke no warning rule.
      return field.dataType() instanceof org.apache.spark.sql.types.ArrayType
          ? new String[0]
          : null;
    }
    if (field.dataType().equals(DataTypes.DateType)) {
      return Date.valueOf(LocalDate.parse((String) value));
    }
    if (field.dataType().equals(DataTypes.TimestampType)) {
      return Timestamp.from(Instant.parse((String) value));
    }
    if (field.dataType().equals(DataTypes.LongType)) {
      return ((Number) value).longValue();
    }
    if (field.dataType().equals(DataTypes.IntegerType)) {
      return ((Number) value).intValue();
    }
    if (field.dataType() instanceof org.apache.spark.sql.types.DecimalType) {
      return new BigDecimal(value.toString());
    }
    return value;
  }

  private static Map<String, Object> patient(
      long id, Long person, String birth, String sex, String zip, String deceased, String updated) {
    return row(
        "patient_id",
        id,
        "mrn",
        "MRN-" + id,
        "given_name",
        "Given",
        "family_name",
        "Family",
        "birth_date",
        birth,
        "administrative_gender",
        sex,
        "zip",
        zip,
        "deceased_date",
        deceased,
        "person_id",
        person,
        "_source_updated_at",
        updated);
  }

  private static Map<String, Object> encounter(
      long id,
      long patient,
      String encounterClass,
      Long facility,
      String admit,
      String discharge,
      String disposition) {
    return row(
        "encounter_id",
        id,
        "patient_id",
        patient,
        "encounter_class",
        encounterClass,
        "admit_time",
        admit,
        "discharge_time",
        discharge,
        "discharge_disposition",
        disposition,
        "facility_id",
        facility);
  }

  private static Map<String, Object> diagnosis(
      long id,
      long encounter,
      long patient,
      String code,
      Integer chapter,
      String block,
      String blockTitle,
      String rank,
      String system,
      String onset) {
    return row(
        "diagnosis_id",
        id,
        "encounter_id",
        encounter,
        "patient_id",
        patient,
        "icd10_code_as_entered",
        code,
        "icd10_chapter",
        chapter,
        "icd10_chapter_title",
        chapter == null ? null : "Chapter " + chapter,
        "icd10_block",
        block,
        "icd10_block_title",
        blockTitle,
        "diagnosis_rank",
        rank,
        "code_system",
        system,
        "onset_date",
        onset);
  }

  private static Map<String, Object> prescription(
      long id,
      long patient,
      String rxnorm,
      Long prescriber,
      String start,
      String end,
      String status) {
    return row(
        "prescription_id",
        id,
        "patient_id",
        patient,
        "rxnorm_code",
        rxnorm,
        "drug_name",
        "Drug " + rxnorm,
        "prescriber_id",
        prescriber,
        "start_date",
        start,
        "end_date",
        end,
        "status",
        status);
  }

  private static Map<String, Object> lab(long id, String loinc, String collected, String flag) {
    return row(
        "lab_result_id",
        id,
        "patient_id",
        1L,
        "loinc_code",
        loinc,
        "test_name",
        "Test " + loinc,
        "collected_at",
        collected,
        "abnormal_flag",
        flag);
  }

  private static Map<String, Object> appointment(
      long id, Long facility, String slot, String status) {
    return row(
        "appointment_id",
        id,
        "patient_id",
        1L,
        "facility_id",
        facility,
        "slot_start",
        slot,
        "status",
        status);
  }

  private static QualityReport report(
      String runId, List<QualityReport.RuleFailures> rules, QualityReport.Backlog backlog) {
    return new QualityReport(
        runId,
        "run",
        "succeeded",
        "2021-10-01T00:00:00Z",
        "2021-10-01T00:10:00Z",
        List.of(),
        rules,
        new QualityReport.Reconciliation("reconciled", List.of()),
        backlog,
        QualityReport.Fhir.NONE,
        new QualityReport.Summary(runId, 100, 2, 3, Map.of(), 0, 0),
        List.of());
  }
}
