package org.carelake.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.delta.tables.DeltaTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.CarelakeCli;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.quality.QualityReport;
import org.carelake.lake.quality.QualityReports;
import org.carelake.source.SourceSchema;
import org.carelake.synth.EhrGenerator;
import org.carelake.synth.GeneratorSettings;
import org.carelake.terminology.Icd10Chapter;
import org.carelake.terminology.Icd10Chapters;
import org.carelake.terminology.Icd10CodeSet;
import org.carelake.terminology.Icd10Concept;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gold marts of a real pipeline run over the synthetic EHR, each equal to the same figures
 * computed independently: plain SQL on the source database (or Java over its rows), never through
 * Spark or the marts' statements. One run, shared by every test, over clean generated data (no
 * defects), so silver holds exactly the source's rows.
 */
class GoldMartsIT {
  private static final int PATIENTS = 300;

  @TempDir static Path folder;

  private static EmbeddedPostgresService postgres;
  private static JdbcEndpoint source;
  private static JdbcEndpoint publish;
  private static Path dataDir;

  @BeforeAll
  static void runThePipelineOnce() throws SQLException {
    postgres = EmbeddedPostgresService.start(folder.resolve("postgres"), 0);
    source = database("gold_source");
    publish = database("gold_publish");
    SourceSchema.migrate(source);
    EhrGenerator.generate(source, new GeneratorSettings(PATIENTS, 14, 0.0));
    dataDir = folder.resolve("data");
    int exit =
        CarelakeCli.execute(
            "run",
            "--set",
            "data-dir=" + dataDir,
            "--set",
            "source.jdbc-url=" + source.url(),
            "--set",
            "publish.jdbc-url=" + publish.url(),
            "--set",
            "spark.master=local[2]",
            "--set",
            "spark.shuffle-partitions=2",
            "--set",
            "fhir.enabled=false");
    assertThat(exit).as("the pipeline run's exit code").isZero();
  }

  @AfterAll
  static void stopDatabase() {
    postgres.close();
  }

  private static JdbcEndpoint database(String name) throws SQLException {
    try (Connection connection = postgres.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return new JdbcEndpoint(postgres.jdbcUrl(name), EmbeddedPostgresService.USER, Optional.empty());
  }

  private static LakePaths paths() {
    return LakePaths.of(
        CarelakeConfig.fromEnvironment(Map.of("CARELAKE_DATA_DIR", dataDir.toString())).lakeUri());
  }

  private static SparkSession spark() {
    return LakeSession.getOrCreate(
        CarelakeConfig.fromEnvironment(Map.of()).spark(), folder.resolve("spark"));
  }

  @Test
  void dailyCensusEqualsTheMidnightCountsOfTheSource() throws SQLException {
    assertSameRows(
        "daily_census",
        List.of(0, 1, 3),
        query(
            """
            WITH h AS (
              SELECT greatest(max(admit_time), max(discharge_time))::date AS last_day
              FROM encounters),
            cells AS (
              SELECT DISTINCT d::date AS day, coalesce(e.facility_id, 0) AS facility_id,
                     e.encounter_class
              FROM encounters e, h,
                   generate_series(e.admit_time::date,
                                   coalesce(e.discharge_time::date, h.last_day),
                                   interval '1 day') d),
            counted AS (
              SELECT c.day, c.facility_id, c.encounter_class,
                (SELECT count(DISTINCT e.patient_id) FROM encounters e, h
                  WHERE coalesce(e.facility_id, 0) = c.facility_id
                    AND e.encounter_class = c.encounter_class
                    AND e.admit_time < c.day + 1
                    AND (e.discharge_time >= c.day + 1
                         OR (e.discharge_time IS NULL AND c.day + 1 <= h.last_day))) AS in_house,
                (SELECT count(*) FROM encounters e
                  WHERE coalesce(e.facility_id, 0) = c.facility_id
                    AND e.encounter_class = c.encounter_class
                    AND e.admit_time::date = c.day) AS admissions,
                (SELECT count(*) FROM encounters e
                  WHERE coalesce(e.facility_id, 0) = c.facility_id
                    AND e.encounter_class = c.encounter_class
                    AND e.discharge_time::date = c.day) AS discharges
              FROM cells c)
            SELECT c.day, c.facility_id, coalesce(f.name, 'unknown'), c.encounter_class,
                   c.in_house, c.admissions, c.discharges
            FROM counted c LEFT JOIN facilities f ON f.facility_id = c.facility_id
            WHERE c.in_house + c.admissions + c.discharges > 0
            """));
  }

  @Test
  void lengthOfStayEqualsPostgresqlsMeanAndContinuousPercentiles() throws SQLException {
    assertSameRows(
        "length_of_stay",
        List.of(0, 1, 2),
        query(
            """
            SELECT date_trunc('month', e.discharge_time)::date, e.encounter_class,
                   coalesce(e.facility_id, 0), coalesce(f.name, 'unknown'), count(*),
                   avg(s.days), percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY s.days)
            FROM encounters e
            CROSS JOIN LATERAL (
              SELECT extract(epoch FROM e.discharge_time - e.admit_time) / 86400.0 AS days) s
            LEFT JOIN facilities f ON f.facility_id = e.facility_id
            WHERE e.discharge_time IS NOT NULL
            GROUP BY 1, 2, 3, 4
            """));
  }

  @Test
  void readmissionsEqualTheSourcesIndexStaysFollowedByAnAdmissionWithin30Days()
      throws SQLException {
    assertSameRows(
        "readmissions_30d",
        List.of(0, 1),
        query(
            """
            WITH h AS (
              SELECT greatest(max(admit_time), max(discharge_time))::date AS last_day
              FROM encounters),
            d AS (
              SELECT e.*, coalesce(e.facility_id, 0) AS facility,
                CASE
                  WHEN e.discharge_disposition = 'expired'
                    OR p.deceased_date <= e.discharge_time::date THEN 'died'
                  WHEN e.discharge_disposition = 'transfer' THEN 'transferred'
                  WHEN e.discharge_disposition = 'left-against-advice' THEN 'against_advice'
                  WHEN e.discharge_time::date + 30 > h.last_day THEN 'incomplete'
                  ELSE 'index'
                END AS outcome,
                EXISTS (
                  SELECT 1 FROM encounters r
                  WHERE r.patient_id = e.patient_id AND r.encounter_class = 'inpatient'
                    AND r.encounter_id <> e.encounter_id
                    AND r.admit_time > e.discharge_time
                    AND r.admit_time::date - e.discharge_time::date <= 30) AS readmitted
              FROM encounters e
              JOIN patients p ON p.patient_id = e.patient_id
              CROSS JOIN h
              WHERE e.encounter_class = 'inpatient' AND e.discharge_time IS NOT NULL)
            SELECT date_trunc('month', d.discharge_time)::date, d.facility,
                   coalesce(f.name, 'unknown'), count(*),
                   count(*) FILTER (WHERE outcome = 'died'),
                   count(*) FILTER (WHERE outcome = 'transferred'),
                   count(*) FILTER (WHERE outcome = 'against_advice'),
                   count(*) FILTER (WHERE outcome = 'incomplete'),
                   count(*) FILTER (WHERE outcome = 'index'),
                   count(*) FILTER (WHERE outcome = 'index' AND readmitted),
                   round((count(*) FILTER (WHERE outcome = 'index' AND readmitted))::numeric
                     / nullif(count(*) FILTER (WHERE outcome = 'index'), 0), 4)
            FROM d LEFT JOIN facilities f ON f.facility_id = d.facility
            GROUP BY 1, 2, 3
            """));
  }

  @Test
  void diagnosesByChapterAndBlockEqualTheSourcesCodesClassifiedInJava() throws SQLException {
    Icd10CodeSet starter = Icd10CodeSet.starter();
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Set<Long>> encounters = new HashMap<>();
    Map<String, Set<Long>> patients = new HashMap<>();
    Map<String, List<Object>> labels = new HashMap<>();
    for (List<Object> row :
        query(
            """
            SELECT date_trunc('month', coalesce(e.admit_time, d.onset_date::timestamp))::date,
                   d.icd10_code, d.snomed_code, d.diagnosis_rank, d.encounter_id, d.patient_id
            FROM diagnoses d LEFT JOIN encounters e ON e.encounter_id = d.encounter_id
            """)) {
      String code = (String) row.get(1);
      Optional<Icd10Chapter> chapter =
          code == null ? Optional.empty() : Icd10Chapters.chapterOf(code);
      Optional<Icd10Concept> concept =
          chapter.isPresent() ? starter.lookup(code) : Optional.empty();
      String system = code != null ? "ICD-10-CM" : "SNOMED CT";
      String block =
          chapter.isPresent()
              ? concept.map(Icd10Concept::block).orElse("unknown")
              : system.equals("ICD-10-CM") ? "unclassified" : "none";
      String blockTitle =
          chapter.isPresent()
              ? concept
                  .map(Icd10Concept::blockTitle)
                  .orElse("No block for this code in the ICD-10-CM release in use")
              : system.equals("ICD-10-CM")
                  ? "Not a classifiable ICD-10-CM code"
                  : "Not coded in ICD-10-CM";
      long chapterNumber = chapter.map(Icd10Chapter::number).orElse(0);
      String key = row.get(0) + "|" + system + "|" + chapterNumber + "|" + block;
      long[] count = counts.computeIfAbsent(key, k -> new long[2]);
      count[0]++;
      count[1] += "primary".equals(row.get(3)) ? 1 : 0;
      encounters.computeIfAbsent(key, k -> new HashSet<>()).add((Long) row.get(4));
      patients.computeIfAbsent(key, k -> new HashSet<>()).add((Long) row.get(5));
      labels.put(
          key,
          List.of(
              row.get(0).toString(),
              system,
              chapterNumber,
              chapter.map(Icd10Chapter::title).orElse("No ICD-10-CM chapter"),
              block,
              blockTitle));
    }
    List<List<Object>> expected = new ArrayList<>();
    counts.forEach(
        (key, count) -> {
          List<Object> row = new ArrayList<>(labels.get(key));
          row.add(count[0]);
          row.add(count[1]);
          row.add((long) encounters.get(key).size());
          row.add((long) patients.get(key).size());
          expected.add(row);
        });
    assertSameRows("diagnoses_by_chapter_block", List.of(0, 1, 2, 4), expected);
    assertThat(expected)
        .as("the generated EHR has diagnoses in several chapters")
        .hasSizeGreaterThan(20);
  }

  @Test
  void medicationsActiveAtMonthEndEqualTheSourcesPrescriptions() throws SQLException {
    assertSameRows(
        "medications_by_concept",
        List.of(0, 1, 2),
        query(
            """
            WITH h AS (
              SELECT date_trunc('month', min(start_date))::date AS first_month,
                     greatest(max(start_date),
                              (SELECT max(admit_time)::date FROM encounters)) AS last_day
              FROM prescriptions),
            ends AS (
              SELECT (m + interval '1 month' - interval '1 day')::date AS month_end
              FROM h, generate_series(h.first_month, h.last_day, interval '1 month') m
              WHERE (m + interval '1 month' - interval '1 day')::date <= h.last_day)
            SELECT x.month_end, p.rxnorm_code, coalesce(p.prescriber_id, 0), min(p.drug_name),
                   count(*), count(DISTINCT p.patient_id),
                   count(*) FILTER (
                     WHERE date_trunc('month', p.start_date) = date_trunc('month', x.month_end))
            FROM ends x
            JOIN prescriptions p
              ON p.start_date <= x.month_end
             AND (p.end_date IS NULL OR p.end_date >= x.month_end)
            WHERE p.status IS NULL OR p.status NOT IN ('cancelled', 'entered-in-error', 'draft')
            GROUP BY 1, 2, 3
            """));
  }

  @Test
  void abnormalLabsEqualTheSourcesFlagsPerCodeAndMonth() throws SQLException {
    assertSameRows(
        "abnormal_labs",
        List.of(0, 1),
        query(
            """
            WITH l AS (
              SELECT date_trunc('month', collected_at)::date AS month, loinc_code, test_name,
                     upper(trim(abnormal_flag)) AS flag FROM lab_results)
            SELECT month, loinc_code, min(test_name), count(*),
                   count(*) FILTER (WHERE flag IN ('N','L','H','LL','HH','LU','HU','<','>','A','AA')),
                   count(*) FILTER (WHERE flag IN ('L','H','LL','HH','LU','HU','<','>','A','AA')),
                   count(*) FILTER (WHERE flag IN ('L','LL','LU','<')),
                   count(*) FILTER (WHERE flag IN ('H','HH','HU','>')),
                   count(*) FILTER (WHERE flag IN ('LL','HH','AA')),
                   round((count(*) FILTER (
                       WHERE flag IN ('L','H','LL','HH','LU','HU','<','>','A','AA')))::numeric
                     / nullif(count(*) FILTER (
                       WHERE flag IN ('N','L','H','LL','HH','LU','HU','<','>','A','AA')), 0), 4)
            FROM l GROUP BY 1, 2
            """));
  }

  @Test
  void appointmentsEqualTheSourcesStatusesByFacilityAndWeekday() throws SQLException {
    assertSameRows(
        "appointments_no_show",
        List.of(0, 2, 4),
        query(
            """
            WITH a AS (
              SELECT coalesce(a.facility_id, 0) AS facility_id,
                     extract(isodow FROM a.slot_start)::int AS weekday,
                     to_char(a.slot_start, 'FMDay') AS weekday_name,
                     lower(trim(a.status)) AS status
              FROM appointments a),
            c AS (
              SELECT a.facility_id, coalesce(f.name, 'unknown') AS name, weekday, weekday_name,
                     count(*) AS appointments,
                     count(*) FILTER (WHERE status IN ('fulfilled', 'arrived', 'checked-in')) AS kept,
                     count(*) FILTER (WHERE status = 'noshow') AS no_shows,
                     count(*) FILTER (WHERE status = 'cancelled') AS cancellations,
                     count(*) FILTER (
                       WHERE status IN ('booked', 'pending', 'proposed', 'waitlist')) AS pending
              FROM a LEFT JOIN facilities f ON f.facility_id = a.facility_id
              GROUP BY 1, 2, 3, 4)
            SELECT facility_id, name, weekday, weekday_name, 'unknown', appointments, kept,
                   no_shows, cancellations, pending,
                   round(no_shows::numeric / nullif(kept + no_shows, 0), 4),
                   round(cancellations::numeric / nullif(kept + no_shows + cancellations, 0), 4)
            FROM c
            """));
  }

  @Test
  void patientPopulationEqualsTheSourcesPatientsByYearOfBirth() throws SQLException {
    assertSameRows(
        "patient_population",
        List.of(0, 1, 2),
        query(
            """
            WITH r AS (SELECT extract(year FROM max(admit_time))::int AS year FROM encounters),
            p AS (
              SELECT coalesce(extract(year FROM p.deceased_date)::int, r.year)
                       - extract(year FROM p.birth_date)::int AS age,
                     CASE lower(trim(p.sex)) WHEN 'm' THEN 'male' WHEN 'male' THEN 'male'
                       WHEN 'f' THEN 'female' WHEN 'female' THEN 'female'
                       WHEN 'o' THEN 'other' WHEN 'other' THEN 'other'
                       ELSE 'unknown' END AS sex,
                     CASE WHEN left(p.zip, 3) IN ('036','059','063','102','203','556','692',
                       '790','821','823','830','831','878','879','884','890','893') THEN '000'
                       ELSE coalesce(left(p.zip, 3), 'unknown') END AS zip3,
                     p.deceased_date IS NOT NULL AS deceased
              FROM patients p, r)
            SELECT CASE WHEN age >= 90 THEN '90+'
                        ELSE lpad((age / 5 * 5)::text, 2, '0') || '-'
                             || lpad((age / 5 * 5 + 4)::text, 2, '0') END,
                   sex, zip3, count(*), count(*), count(*) FILTER (WHERE deceased)
            FROM p GROUP BY 1, 2, 3
            """));
  }

  @Test
  void dataQualityByRunEqualsTheRunsReportAndQuarantine() {
    QualityReports reports = new QualityReports(LakeFiles.withDefaults(), paths());
    Map<String, Long> quarantined = new HashMap<>();
    if (DeltaTable.isDeltaTable(spark(), paths().quarantine())) {
      for (Row row :
          spark()
              .read()
              .format("delta")
              .load(paths().quarantine())
              .select("run_id", "source_table", "rule_ids")
              .collectAsList()) {
        String table = row.getString(1).substring(row.getString(1).indexOf('.') + 1);
        for (Object rule : row.getList(2)) {
          quarantined.merge(row.getString(0) + "|" + table + "|" + rule, 1L, Long::sum);
        }
      }
    }
    List<List<Object>> expected = new ArrayList<>();
    for (String runId : reports.runIds()) {
      QualityReport report = reports.find(runId).orElseThrow();
      for (QualityReport.RuleFailures rule : report.rules()) {
        expected.add(
            List.of(
                runId,
                rule.table(),
                rule.ruleId(),
                rule.severity(),
                rule.failures(),
                quarantined.getOrDefault(runId + "|" + rule.table() + "|" + rule.ruleId(), 0L),
                report.backlog().openKeys()));
      }
      if (report.rules().isEmpty()) {
        expected.add(List.of(runId, "none", "none", "none", 0L, 0L, report.backlog().openKeys()));
      }
    }
    List<List<Object>> gold = new ArrayList<>();
    for (Row row : goldRows("data_quality_by_run")) {
      gold.add(
          List.of(
              row.getString(0),
              row.getString(3),
              row.getString(4),
              row.getString(5),
              row.getLong(6),
              row.getLong(8),
              row.getLong(12)));
    }

    assertThat(reports.runIds()).as("the run wrote its quality report").hasSize(1);
    assertSameRows(
        "data_quality_by_run",
        keyedAt(gold, List.of(0, 1, 2)),
        keyedAt(expected, List.of(0, 1, 2)));
  }

  @Test
  void encountersByMonthChapterAsPublishedEqualTheSourcesEncounters() throws SQLException {
    try (Connection connection = source.connect();
        Connection published = publish.connect()) {
      assertThat(GoldCheck.published(published))
          .isNotEmpty()
          .isEqualTo(GoldCheck.expected(connection, List.of()));
    }
  }

  @Test
  void patientFeaturesEqualThePointInTimeFactsOfTheSource() throws Exception {
    List<String> columns =
        List.of(
            "patient_key",
            "as_of_date",
            "row_type",
            "readmitted_30d",
            "age_band",
            "sex",
            "inpatient_encounters_12m",
            "emergency_encounters_12m",
            "outpatient_encounters_12m",
            "virtual_encounters_12m",
            "active_medications",
            "prior_readmissions",
            "has_diabetes",
            "has_hypertension",
            "has_ischemic_heart_disease",
            "has_atrial_fibrillation",
            "has_heart_failure",
            "has_copd",
            "has_asthma",
            "has_ckd",
            "diagnoses_other_system",
            "hba1c_pct",
            "creatinine_mg_dl",
            "egfr",
            "ldl_mg_dl",
            "glucose_mg_dl",
            "hemoglobin_g_dl",
            "sodium_mmol_l",
            "potassium_mmol_l",
            "bnp_pg_ml");
    List<List<Object>> gold = new ArrayList<>();
    for (Row row :
        spark()
            .read()
            .format("delta")
            .load(paths().gold("patient_features"))
            .selectExpr(columns.toArray(String[]::new))
            .collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        values.add(row.get(i));
      }
      gold.add(values);
    }
    // The key recomputed here from the lake's secret: HMAC-SHA-256 of "patient:<id>", 128 bits.
    byte[] secret =
        Files.readString(Path.of(java.net.URI.create(paths().pseudonymSecret())))
            .strip()
            .getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    List<List<Object>> expected = new ArrayList<>();
    for (List<Object> row :
        query(
            """
            WITH h AS (
              SELECT max(t)::date AS last_date FROM (
                SELECT admit_time AS t FROM encounters
                UNION ALL SELECT discharge_time FROM encounters
                UNION ALL SELECT resulted_at FROM lab_results) x),
            stays AS (
              SELECT e.encounter_id, e.patient_id, e.admit_time, e.discharge_time,
                e.discharge_time::date AS discharge_date,
                e.discharge_time IS NOT NULL
                  AND coalesce(e.discharge_disposition, '')
                      NOT IN ('expired', 'transfer', 'left-against-advice')
                  AND (p.deceased_date IS NULL OR p.deceased_date > e.discharge_time::date)
                  AS eligible
              FROM encounters e JOIN patients p ON p.patient_id = e.patient_id
              WHERE e.encounter_class = 'inpatient'),
            known AS (
              SELECT e.patient_id,
                nullif(upper(replace(trim(d.icd10_code), '.', '')), '') COLLATE "C" AS code,
                greatest(coalesce(e.discharge_time, (h.last_date + 1)::timestamp),
                  d.onset_date::timestamp) AS known_at
              FROM diagnoses d JOIN encounters e ON e.encounter_id = d.encounter_id
              CROSS JOIN h),
            readmissions AS (
              SELECT i.patient_id, i.encounter_id AS index_id, r.encounter_id AS readmission_id,
                r.admit_time AS readmit_time
              FROM stays i JOIN stays r ON r.patient_id = i.patient_id
                AND r.admit_time > i.discharge_time
                AND r.admit_time::date <= i.discharge_date + 30
              WHERE i.eligible),
            last_stay_of_day AS (
              SELECT DISTINCT ON (s.patient_id, s.discharge_date) s.*
              FROM stays s WHERE s.eligible
              ORDER BY s.patient_id, s.discharge_date, s.discharge_time DESC,
                s.encounter_id DESC),
            as_of AS (
              SELECT s.patient_id, s.discharge_date AS as_of_date, 'index_stay' AS row_type,
                s.discharge_time AS cutoff, s.discharge_date AS cutoff_date,
                CASE WHEN EXISTS (SELECT 1 FROM readmissions r WHERE r.index_id = s.encounter_id)
                       THEN true
                     WHEN s.discharge_date + 30 <= h.last_date THEN false END AS readmitted
              FROM last_stay_of_day s CROSS JOIN h
              UNION ALL
              SELECT p.patient_id, h.last_date + 1, 'snapshot', (h.last_date + 1)::timestamp,
                h.last_date, NULL::boolean
              FROM patients p CROSS JOIN h
              WHERE (p.deceased_date IS NULL OR p.deceased_date > h.last_date)
                AND (p.birth_date IS NULL OR p.birth_date <= h.last_date)),
            aged AS (
              SELECT a.*, p.sex,
                floor(((extract(year FROM a.as_of_date) - extract(year FROM p.birth_date)) * 12
                  + extract(month FROM a.as_of_date) - extract(month FROM p.birth_date)
                  + CASE WHEN extract(day FROM a.as_of_date) = extract(day FROM p.birth_date)
                           OR (a.as_of_date = (date_trunc('month', a.as_of_date)
                                 + interval '1 month - 1 day')::date
                               AND p.birth_date = (date_trunc('month', p.birth_date)
                                 + interval '1 month - 1 day')::date) THEN 0
                         ELSE (extract(day FROM a.as_of_date) - extract(day FROM p.birth_date))
                           / 31.0 END) / 12) AS age
              FROM as_of a JOIN patients p ON p.patient_id = a.patient_id)
            SELECT a.patient_id, a.as_of_date, a.row_type, a.readmitted,
              CASE WHEN a.age IS NULL OR a.age < 0 THEN 'unknown'
                   WHEN a.age < 18 THEN '0-17' WHEN a.age < 30 THEN '18-29'
                   WHEN a.age >= 90 THEN '90+'
                   ELSE (floor(a.age / 10) * 10)::int || '-' || (floor(a.age / 10) * 10 + 9)::int
              END,
              coalesce(a.sex, 'unknown'),
              (SELECT count(*) FROM encounters e WHERE e.patient_id = a.patient_id
                 AND e.encounter_class = 'inpatient' AND e.admit_time <= a.cutoff
                 AND e.admit_time > a.cutoff - interval '12 months'),
              (SELECT count(*) FROM encounters e WHERE e.patient_id = a.patient_id
                 AND e.encounter_class = 'emergency' AND e.admit_time <= a.cutoff
                 AND e.admit_time > a.cutoff - interval '12 months'),
              (SELECT count(*) FROM encounters e WHERE e.patient_id = a.patient_id
                 AND e.encounter_class = 'outpatient' AND e.admit_time <= a.cutoff
                 AND e.admit_time > a.cutoff - interval '12 months'),
              (SELECT count(*) FROM encounters e WHERE e.patient_id = a.patient_id
                 AND e.encounter_class = 'virtual' AND e.admit_time <= a.cutoff
                 AND e.admit_time > a.cutoff - interval '12 months'),
              (SELECT count(DISTINCT coalesce(rx.rxnorm_code, rx.prescription_id::text))
                 FROM prescriptions rx WHERE rx.patient_id = a.patient_id
                 AND rx.start_date <= a.cutoff_date
                 AND (rx.end_date IS NULL OR rx.end_date >= a.cutoff_date)
                 AND coalesce(rx.status, '') NOT IN ('cancelled', 'entered-in-error')),
              (SELECT count(DISTINCT r.readmission_id) FROM readmissions r
                 WHERE r.patient_id = a.patient_id AND r.readmit_time <= a.cutoff),
              /*FEATURES*/
            FROM aged a
            """
                .replace("/*FEATURES*/", conditionsAndLabs()))) {
      List<Object> values = new ArrayList<>(row);
      byte[] digest = mac.doFinal(("patient:" + row.get(0)).getBytes(StandardCharsets.UTF_8));
      values.set(0, HexFormat.of().formatHex(digest, 0, 16));
      expected.add(values);
    }

    assertThat(expected.stream().filter(row -> "index_stay".equals(row.get(2))).count())
        .as("index stays in the source")
        .isGreaterThan(50);
    // The flags and labs are compared where they are set, not only where both sides are empty.
    int diabetes = columns.indexOf("has_diabetes");
    int hba1c = columns.indexOf("hba1c_pct");
    int creatinine = columns.indexOf("creatinine_mg_dl");
    assertThat(expected.stream().filter(row -> Boolean.TRUE.equals(row.get(diabetes))).count())
        .as("rows with a known diabetes diagnosis")
        .isGreaterThan(10);
    assertThat(expected.stream().filter(row -> row.get(hba1c) != null).count())
        .as("rows with a known HbA1c")
        .isGreaterThan(10);
    assertThat(expected.stream().filter(row -> row.get(creatinine) != null).count())
        .as("rows with a known creatinine")
        .isGreaterThan(10);
    assertSameRows(
        "patient_features", keyedAt(gold, List.of(0, 1, 2)), keyedAt(expected, List.of(0, 1, 2)));
  }

  @Test
  void everyMartIsRecomputedByATestOfThisClass() {
    assertThat(GoldMart.NAMES)
        .containsExactlyInAnyOrder(
            "encounters_by_month_chapter",
            "daily_census",
            "length_of_stay",
            "readmissions_30d",
            "diagnoses_by_chapter_block",
            "medications_by_concept",
            "abnormal_labs",
            "appointments_no_show",
            "patient_population",
            "data_quality_by_run",
            "patient_features");
  }

  /**
   * The readmission rate the generator plants (9% of discharges, 20% for patients with heart
   * failure, COPD or chronic kidney disease, plus the readmissions its random admissions make) must
   * fall inside the band of published all-cause 30-day rates: CMS's hospital-wide measure reports
   * national observed rates near 15%, and HCUP's all-payer statistics 13% to 15%; 10% to 20% allows
   * for a sample of a few hundred patients. The no-show rate it plants (11% to 27% by age) must
   * fall inside the 5% to 30% that outpatient clinics report (Dantas et al., Health Policy 2018, a
   * systematic review: 23% on average across studies, lower in North American primary care).
   */
  @Test
  void thePlantedReadmissionAndNoShowRatesFallInsideThePublishedBands() {
    long indexStays = 0;
    long readmissions = 0;
    for (Row row : goldRows("readmissions_30d")) {
      indexStays += row.getLong(8);
      readmissions += row.getLong(9);
    }
    long dueAndNotCancelled = 0;
    long noShows = 0;
    for (Row row : goldRows("appointments_no_show")) {
      dueAndNotCancelled += row.getLong(6) + row.getLong(7);
      noShows += row.getLong(7);
    }

    assertThat(indexStays).as("index stays").isGreaterThan(50);
    assertThat((double) readmissions / indexStays)
        .as("30-day readmission rate: %d of %d index stays", readmissions, indexStays)
        .isBetween(0.10, 0.20);
    assertThat((double) noShows / dueAndNotCancelled)
        .as("no-show rate: %d of %d", noShows, dueAndNotCancelled)
        .isBetween(0.05, 0.30);
  }

  // ---- comparison ----

  private static List<Row> goldRows(String mart) {
    return spark().read().format("delta").load(paths().gold(mart)).collectAsList();
  }

  /**
   * The condition flags and latest lab values of patient_features, recomputed in PostgreSQL from
   * the source: a diagnosis is known from its encounter's discharge (the day after the newest date
   * for an open encounter) or its onset when later, coded by its ICD-10-CM category (the source's
   * code as entered, dots and case aside); a lab value is the one with the latest result time (then
   * the highest id) among the LOINC codes of the feature. Columns in the order of the test's list.
   */
  private static String conditionsAndLabs() {
    Map<String, String> flags = new java.util.LinkedHashMap<>();
    flags.put("diabetes", "substr(k.code, 1, 3) BETWEEN 'E08' AND 'E13'");
    flags.put("hypertension", "substr(k.code, 1, 3) IN ('I10', 'I11', 'I12', 'I13', 'I15', 'I16')");
    flags.put("ischemic", "substr(k.code, 1, 3) BETWEEN 'I20' AND 'I25'");
    flags.put("afib", "substr(k.code, 1, 3) = 'I48'");
    flags.put("heart_failure", "substr(k.code, 1, 3) = 'I50'");
    flags.put("copd", "substr(k.code, 1, 3) = 'J44'");
    flags.put("asthma", "substr(k.code, 1, 3) = 'J45'");
    flags.put("ckd", "substr(k.code, 1, 3) = 'N18'");
    List<String> columns = new ArrayList<>();
    String known = " FROM known k WHERE k.patient_id = a.patient_id AND k.known_at <= a.cutoff";
    flags
        .values()
        .forEach(
            condition ->
                columns.add("coalesce((SELECT bool_or(" + condition + ")" + known + "), false)"));
    columns.add("(SELECT count(*)" + known + " AND k.code IS NULL)");
    for (String codes :
        List.of(
            "'4548-4', '17856-6'",
            "'2160-0', '38483-4'",
            "'33914-3', '48642-3', '48643-1', '62238-1', '98979-8'",
            "'13457-7', '18262-6', '2089-1'",
            "'2345-7', '2339-0'",
            "'718-7'",
            "'2951-2', '2947-0'",
            "'2823-3', '6298-4'",
            "'30934-4'")) {
      columns.add(
          "(SELECT l.value_numeric::float8 FROM lab_results l WHERE l.patient_id = a.patient_id"
              + " AND l.resulted_at <= a.cutoff AND l.value_numeric IS NOT NULL"
              + " AND l.loinc_code IN ("
              + codes
              + ") ORDER BY l.resulted_at DESC, l.lab_result_id DESC LIMIT 1)");
    }
    return String.join(",\n", columns);
  }

  /** Compares a mart's gold rows with the expected rows, matched by the key at the positions. */
  private static void assertSameRows(
      String mart, List<Integer> keyPositions, List<List<Object>> expected) {
    assertSameRows(mart, keyedAt(goldAsLists(mart), keyPositions), keyedAt(expected, keyPositions));
  }

  private static List<List<Object>> goldAsLists(String mart) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : goldRows(mart)) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        values.add(row.get(i));
      }
      rows.add(values);
    }
    return rows;
  }

  private static void assertSameRows(
      String mart, Map<String, List<Object>> gold, Map<String, List<Object>> expected) {
    assertThat(gold).as("%s has rows", mart).isNotEmpty();
    assertThat(gold.keySet()).as("%s keys", mart).isEqualTo(expected.keySet());
    gold.forEach(
        (key, values) -> {
          List<Object> wanted = expected.get(key);
          assertThat(values).as("%s %s", mart, key).hasSameSizeAs(wanted);
          for (int i = 0; i < values.size(); i++) {
            Object actual = normalize(values.get(i));
            Object other = normalize(wanted.get(i));
            if (actual instanceof Double a && other instanceof Double b) {
              // Both sides round to 3 or 4 decimals; a value on a rounding boundary may differ
              // by one unit of the last decimal between Spark's doubles and PostgreSQL's numerics.
              assertThat(a).as("%s %s column %d", mart, key, i).isCloseTo(b, within(0.0011));
            } else {
              assertThat(actual).as("%s %s column %d", mart, key, i).isEqualTo(other);
            }
          }
        });
  }

  private static Object normalize(Object value) {
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (value instanceof java.sql.Date || value instanceof java.time.LocalDate) {
      return value.toString();
    }
    return value;
  }

  private static Map<String, List<Object>> keyedAt(
      List<List<Object>> rows, List<Integer> positions) {
    Map<String, List<Object>> keyed = new TreeMap<>();
    for (List<Object> row : rows) {
      List<String> key = new ArrayList<>();
      for (int position : positions) {
        key.add(String.valueOf(normalize(row.get(position))));
      }
      List<Object> values = new ArrayList<>(row);
      assertThat(keyed.put(String.join("|", key), values)).as("key %s appears once", key).isNull();
    }
    return keyed;
  }

  /** The rows of a query on the source, as Java values (numbers as Long or Double). */
  private static List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = source.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData metadata = result.getMetaData();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
          Object value = result.getObject(i);
          if (value instanceof BigDecimal d) {
            value = d.doubleValue();
          } else if (value instanceof Integer n) {
            value = n.longValue();
          }
          row.add(value);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
