package org.carelake.lake.internal.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.TestSpark;
import org.carelake.terminology.Icd10CodeSet;
import org.carelake.terminology.Icd10Concept;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiagnosesEntityTest {
  private static final StructType BRONZE =
      new StructType()
          .add("diagnosis_id", DataTypes.StringType)
          .add("encounter_id", DataTypes.StringType)
          .add("patient_id", DataTypes.StringType)
          .add("icd10_code", DataTypes.StringType)
          .add("diagnosis_rank", DataTypes.StringType)
          .add("onset_date", DataTypes.StringType)
          .add("snomed_code", DataTypes.StringType)
          .add("description", DataTypes.StringType)
          .add("updated_at", DataTypes.StringType)
          .add("_source_key", DataTypes.StringType)
          .add("_source_position", DataTypes.StringType)
          .add("_run_id", DataTypes.StringType)
          .add("_extracted_at", DataTypes.TimestampType)
          .add("_operation", DataTypes.StringType);

  private static final Icd10CodeSet RELEASE =
      Icd10CodeSet.of(
          "FY2021",
          List.of(
              concept("I21", false, "Acute myocardial infarction"),
              concept("I214", true, "Non-ST elevation (NSTEMI) myocardial infarction")));

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @AfterAll
  static void restoreStarterSet() {
    TerminologyFunctions.register(spark);
  }

  private static Icd10Concept concept(String code, boolean billable, String description) {
    return new Icd10Concept(
        code,
        code.length() == 3 ? code : code.substring(0, 3) + "." + code.substring(3),
        billable,
        description,
        description,
        "I21",
        "Acute myocardial infarction",
        "I20-I25",
        "Ischemic heart diseases",
        9,
        "Diseases of the circulatory system");
  }

  private static Dataset<Row> bronze(String... codes) {
    String[][] coded = new String[codes.length][];
    for (int i = 0; i < codes.length; i++) {
      coded[i] = new String[] {codes[i], null};
    }
    return bronzeCoded(coded);
  }

  /** Rows of {icd10_code, snomed_code}. */
  private static Dataset<Row> bronzeCoded(String[]... codes) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < codes.length; i++) {
      String id = String.valueOf(i + 1);
      rows.add(
          RowFactory.create(
              id,
              "10",
              "100",
              codes[i][0],
              "primary",
              "2021-03-01",
              codes[i][1],
              codes[i][1] == null ? null : "Essential hypertension (disorder)",
              "2021-03-02 10:00:00",
              id,
              "ehr.diagnoses:diagnosis_id=" + id,
              "000001-test",
              java.sql.Timestamp.valueOf("2021-03-03 00:00:00"),
              "insert"));
    }
    return spark.createDataFrame(rows, BRONZE);
  }

  private static Map<String, Row> validated(Dataset<Row> bronze) {
    return new SilverStage(DiagnosesEntity.ENTITY)
        .validate(bronze).collectAsList().stream()
            .collect(
                Collectors.toMap(row -> row.<Row>getAs("_raw").getAs("icd10_code"), row -> row));
  }

  @Test
  void aLoadedReleaseClassifiesEachCodeAndCarriesItsBlockChapterAndDescription() {
    TerminologyFunctions.register(spark, RELEASE);

    Map<String, Row> rows = validated(bronze("i21.4", "I21", "I21.9", "I21,4", " "));

    Row billable = rows.get("i21.4");
    assertThat(billable.<String>getAs("icd10_code")).isEqualTo("I214");
    assertThat(billable.<String>getAs("icd10_code_dotted")).isEqualTo("I21.4");
    assertThat(billable.<String>getAs("icd10_code_status")).isEqualTo("billable");
    assertThat(billable.<Boolean>getAs("icd10_billable")).isTrue();
    assertThat(billable.<String>getAs("icd10_description"))
        .isEqualTo("Non-ST elevation (NSTEMI) myocardial infarction");
    assertThat(billable.<String>getAs("icd10_block")).isEqualTo("I20-I25");
    assertThat(billable.<String>getAs("icd10_block_title")).isEqualTo("Ischemic heart diseases");
    assertThat(billable.<Integer>getAs("icd10_chapter")).isEqualTo(9);
    assertThat(billable.<String>getAs("icd10_release")).isEqualTo("FY2021");
    assertThat(list(billable, "_warnings")).isEmpty();
    assertThat(rows.get("I21").<String>getAs("icd10_code_status")).isEqualTo("header");
    assertThat(rows.get("I21").<Boolean>getAs("icd10_billable")).isFalse();
    assertThat(warnings(rows.get("I21"))).containsExactly("DX-104");
    Row unknown = rows.get("I21.9");
    assertThat(unknown.<String>getAs("icd10_code_status")).isEqualTo("unknown");
    assertThat(unknown.<String>getAs("icd10_description")).isNull();
    assertThat(unknown.<Integer>getAs("icd10_chapter")).as("chapter from the ranges").isEqualTo(9);
    assertThat(warnings(unknown)).containsExactly("DX-103");
    Row malformed = rows.get("I21,4");
    assertThat(malformed.<String>getAs("icd10_code_status")).isEqualTo("malformed");
    assertThat(malformed.<String>getAs("icd10_code")).isNull();
    assertThat(warnings(malformed)).containsExactly("DX-101");
    assertThat(list(malformed, "_errors")).isEmpty();
    assertThat(rows.get(" ").<String>getAs("icd10_code_status")).isEqualTo("missing");
    assertThat(list(rows.get(" "), "_errors")).containsExactly("DX-003");
  }

  @Test
  void withoutALoadedReleaseTheStarterSetClassifiesAndImpliesHeaders() {
    TerminologyFunctions.register(spark);

    Map<String, Row> rows = validated(bronze("E11.9", "E11", "E11.99"));

    assertThat(rows.get("E11.9").<String>getAs("icd10_code_status")).isEqualTo("billable");
    assertThat(rows.get("E11.9").<String>getAs("icd10_release")).isEqualTo("starter");
    assertThat(rows.get("E11.9").<String>getAs("icd10_chapter_title"))
        .isEqualTo("Endocrine, nutritional and metabolic diseases");
    assertThat(rows.get("E11").<String>getAs("icd10_code_status")).isEqualTo("header");
    assertThat(rows.get("E11.99").<String>getAs("icd10_code_status")).isEqualTo("unknown");
  }

  @Test
  void anOnsetInTheFutureOrNotADateIsAnError() {
    TerminologyFunctions.register(spark);
    Dataset<Row> bronze =
        bronze("E11.9", "E11.9")
            .selectExpr(
                "*", "CASE diagnosis_id WHEN '1' THEN '2201-01-01' ELSE 'soon' END AS onset_fixed")
            .drop("onset_date")
            .withColumnRenamed("onset_fixed", "onset_date");

    List<Row> rows = new SilverStage(DiagnosesEntity.ENTITY).validate(bronze).collectAsList();

    assertThat(rows)
        .extracting(row -> list(row, "_errors"))
        .containsExactlyInAnyOrder(List.of("DX-005"), List.of("DX-004"));
  }

  @Test
  void aDiagnosisCodedInSnomedCtOnlyReachesSilverWithItsSystemAndAWarningNotAnError() {
    TerminologyFunctions.register(spark, RELEASE);
    List<Row> rows =
        new SilverStage(DiagnosesEntity.ENTITY)
            .validate(
                bronzeCoded(
                    new String[] {null, "59621000"},
                    new String[] {"I21.4", "59621000"},
                    new String[] {null, null}))
            .orderBy("diagnosis_id")
            .collectAsList();

    Row snomedOnly = rows.get(0);
    assertThat(snomedOnly.<String>getAs("icd10_code_status")).isEqualTo("not_icd10");
    assertThat(snomedOnly.<String>getAs("code_system")).isEqualTo("http://snomed.info/sct");
    assertThat(snomedOnly.<String>getAs("snomed_code")).isEqualTo("59621000");
    assertThat(snomedOnly.<String>getAs("description"))
        .isEqualTo("Essential hypertension (disorder)");
    assertThat(list(snomedOnly, "_errors")).isEmpty();
    assertThat(warnings(snomedOnly)).containsExactly("DX-105");
    Row mapped = rows.get(1);
    assertThat(mapped.<String>getAs("icd10_code_status")).isEqualTo("billable");
    assertThat(mapped.<String>getAs("icd10_description"))
        .isEqualTo("Non-ST elevation (NSTEMI) myocardial infarction");
    assertThat(mapped.<String>getAs("code_system")).isEqualTo("http://snomed.info/sct");
    assertThat(list(mapped, "_errors")).isEmpty();
    assertThat(list(rows.get(2), "_errors")).containsExactly("DX-003");
  }

  @Test
  void aFeedsCodeInAnotherSystemIsACodeKeptAsSentWhileADiagnosisWithoutAnyCodeBreaksDx003() {
    TerminologyFunctions.register(spark, RELEASE);
    Dataset<Row> bronze =
        bronzeCoded(
                new String[] {null, null}, new String[] {null, null}, new String[] {"I21", null})
            .withColumn(
                "source_code",
                functions.expr("CASE diagnosis_id WHEN '1' THEN '250.00' WHEN '3' THEN 'I21' END"))
            .withColumn(
                "source_code_system",
                functions.expr("CASE diagnosis_id WHEN '1' THEN 'i9' WHEN '3' THEN 'I10' END"))
            .withColumn(
                "code_system",
                functions.expr(
                    "CASE diagnosis_id WHEN '1' THEN 'http://hl7.org/fhir/sid/icd-9-cm' END"));

    List<Row> rows =
        new SilverStage(DiagnosesEntity.WITH_SOURCE_CODES)
            .validate(bronze)
            .orderBy("diagnosis_id")
            .collectAsList();

    Row icd9 = rows.get(0);
    assertThat(icd9.<String>getAs("icd10_code_status")).isEqualTo("not_icd10");
    assertThat(icd9.<String>getAs("source_code")).isEqualTo("250.00");
    assertThat(icd9.<String>getAs("source_code_system")).isEqualTo("I9");
    assertThat(icd9.<String>getAs("code_system")).isEqualTo("http://hl7.org/fhir/sid/icd-9-cm");
    assertThat(list(icd9, "_errors")).isEmpty();
    assertThat(warnings(icd9)).contains("DX-105");
    assertThat(list(rows.get(1), "_errors")).containsExactly("DX-003");
    Row icd10 = rows.get(2);
    assertThat(icd10.<String>getAs("icd10_code_status")).isEqualTo("header");
    assertThat(icd10.<String>getAs("code_system")).isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
    assertThat(warnings(icd10)).contains("DX-104");
  }

  private static List<String> warnings(Row row) {
    return list(row, "_warnings");
  }

  private static List<String> list(Row row, String column) {
    return row.getList(row.fieldIndex(column));
  }
}
