package org.carelake.app.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.CarelakeCli;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.LakeSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Synthea 3.x export (the fixture {@code synthea/v33}, written for this test from the CSV data
 * dictionary: SNOMED CT conditions, medications without a dose, vital signs, surveys and labs,
 * allergies coded RxNorm and SNOMED CT with {@code SYSTEM=Unknown}, immunizations, procedures,
 * ZIP+4 codes without a hyphen and the placeholder {@code 00000}, a deceased patient, and files the
 * schema has no table for) is imported, taken through a whole batch run with the FHIR layer, and
 * checked in silver and in the exported FHIR resources.
 */
class SyntheaPipelineIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path folder;

  private static EmbeddedPostgresService postgres;
  private static JdbcEndpoint source;
  private static SyntheaSummary summary;
  private static final List<String> progress = new ArrayList<>();
  private static String[] settings;
  private static LakePaths paths;
  private static Map<String, List<JsonNode>> fhir;

  @BeforeAll
  static void importRunAndExport() throws Exception {
    postgres = EmbeddedPostgresService.start(folder.resolve("postgres"), 0);
    source =
        new JdbcEndpoint(
            postgres.jdbcUrl(EmbeddedPostgresService.SOURCE_DATABASE),
            EmbeddedPostgresService.USER,
            Optional.empty());
    summary =
        SyntheaImport.load(
            source,
            fixture("synthea/v33"),
            Optional.of(SnomedIcd10Map.read(fixture("synthea/snomed-icd10-v33.csv"))),
            progress::add);
    Path dataDir = folder.resolve("data");
    settings =
        new String[] {
          "--set",
          "data-dir=" + dataDir,
          "--set",
          "source.jdbc-url=" + source.url(),
          "--set",
          "publish.jdbc-url=" + postgres.jdbcUrl(EmbeddedPostgresService.PUBLISH_DATABASE),
          "--set",
          "spark.master=local[2]",
          "--set",
          "spark.shuffle-partitions=2",
          "--set",
          "fhir.validation-sample=0"
        };
    paths =
        LakePaths.of(
            CarelakeConfig.fromEnvironment(Map.of("CARELAKE_DATA_DIR", dataDir.toString()))
                .lakeUri());
    Path release = icd10cmRelease();
    assertThat(
            CarelakeCli.execute(
                args(
                    "terminology",
                    "load",
                    "--icd10cm-order",
                    release.resolve("icd10cm_order_2021.txt").toString(),
                    "--icd10cm-tabular",
                    release.resolve("icd10cm_tabular_2021.xml").toString())))
        .isZero();
    assertThat(CarelakeCli.execute(args("run"))).isZero();
    Path export = folder.resolve("export");
    assertThat(CarelakeCli.execute(args("fhir", "export", "--output", export.toString()))).isZero();
    fhir = new LinkedHashMap<>();
    for (String type :
        List.of(
            "Patient",
            "Organization",
            "Location",
            "Condition",
            "MedicationRequest",
            "Immunization",
            "Procedure")) {
      List<JsonNode> resources = new ArrayList<>();
      for (String line : Files.readAllLines(export.resolve(type + ".ndjson"))) {
        resources.add(JSON.readTree(line));
      }
      fhir.put(type, resources);
    }
    List<JsonNode> observations = new ArrayList<>();
    for (String line : Files.readAllLines(export.resolve("Observation.ndjson"))) {
      observations.add(JSON.readTree(line));
    }
    fhir.put("Observation", observations);
  }

  @AfterAll
  static void stopDatabase() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theImportLoadsEveryClinicalFileAndSaysWhatItSkippedAndWhy() {
    assertThat(summary.source().rowCounts())
        .containsEntry("diagnoses", 5L)
        .containsEntry("problems", 0L)
        .containsEntry("prescriptions", 3L)
        .containsEntry("lab_results", 3L)
        .containsEntry("observations", 9L)
        .containsEntry("immunizations", 3L)
        .containsEntry("procedures", 2L)
        .containsEntry("allergies", 2L);
    assertThat(summary.mappedToIcd10()).isEqualTo(2);
    assertThat(summary.observationsSkipped()).isEqualTo(2);
    assertThat(summary.unresolvedReferences()).isZero();
    assertThat(summary.skippedFiles())
        .containsExactly(
            Map.entry("careplans.csv", 1L),
            Map.entry("devices.csv", 1L),
            Map.entry("imaging_studies.csv", 2L));
    assertThat(progress)
        .contains(
            "imaging_studies.csv: 2 records skipped (the reference schema has no table for them)");
  }

  @Test
  void noDiagnosisOrPrescriptionIsQuarantinedForItsSnomedCodeOrMissingDose() {
    assertThat(quarantined()).doesNotContain("ehr.diagnoses", "ehr.prescriptions");
    assertThat(delta(paths.silver("diagnoses")).count()).isEqualTo(5);
    assertThat(delta(paths.silver("prescriptions")).count()).isEqualTo(3);
    assertThat(
            rows(
                delta(paths.silver("diagnoses"))
                    .where(col("snomed_code").equalTo("65363002"))
                    .select(
                        col("code_system"),
                        col("icd10_code_status"),
                        col("description"),
                        warnings())))
        .containsExactly("http://snomed.info/sct|not_icd10|Otitis media (disorder)|DX-105");
    assertThat(
            rows(
                delta(paths.silver("diagnoses"))
                    .where(col("snomed_code").equalTo("195662009"))
                    .select("code_system", "icd10_code_dotted", "icd10_description")))
        .containsExactly("http://snomed.info/sct|J02.9|Acute pharyngitis, unspecified");
    assertThat(rows(delta(paths.silver("prescriptions")).select(warnings()).distinct()))
        .containsExactly("RX-102");
  }

  @Test
  void vitalSignsSurveysImmunizationsAndProceduresReachSilver() {
    Dataset<Row> observations = delta(paths.silver("observations"));
    assertThat(observations.count()).isEqualTo(9);
    assertThat(
            observations.groupBy("category").count().orderBy("category").collectAsList().stream()
                .map(row -> row.getString(0) + "=" + row.getLong(1))
                .toList())
        .containsExactly("survey=1", "vital-signs=8");
    assertThat(
            rows(
                observations
                    .where(col("code").equalTo("8480-6"))
                    .orderBy("effective_at")
                    .select("code_system", "value_numeric", "unit")))
        .containsExactly(
            "http://loinc.org|128.000000|mm[Hg]", "http://loinc.org|162.000000|mm[Hg]");
    assertThat(
            rows(observations.where(col("code").equalTo("72166-2")).select("value_text", "unit")))
        .containsExactly("Never smoked tobacco (finding)|null");
    assertThat(delta(paths.silver("immunizations")).count()).isEqualTo(3);
    assertThat(
            rows(
                delta(paths.silver("procedures"))
                    .orderBy("procedure_id")
                    .select("code_system", "code", "reason_code")))
        .containsExactly(
            "http://snomed.info/sct|430193006|null", "http://snomed.info/sct|399208008|233604007");
    assertThat(quarantined()).isEmpty();
  }

  @Test
  void allergiesCodedInRxNormAreLabelledRxNorm() {
    assertThat(
            rows(
                delta(paths.silver("allergies"))
                    .orderBy("allergy_id")
                    .select("code", "code_system")))
        .containsExactly(
            "7980|http://www.nlm.nih.gov/research/umls/rxnorm", "91935009|http://snomed.info/sct");
  }

  @Test
  void zipPlusFourWithoutAHyphenIsNormalizedAndThePlaceholderZipIsUnknown() {
    assertThat(
            fhir.get("Organization").stream()
                .map(org -> org.at("/name").asText() + "=" + org.at("/address/0/postalCode"))
                .collect(Collectors.toList()))
        .containsExactlyInAnyOrder(
            "CHARLES RIVER MEDICAL CENTER=\"02114-1234\"", "MERRIMACK VALLEY CLINIC=");
    assertThat(
            fhir.get("Location").stream()
                .map(location -> location.at("/address/postalCode").asText(""))
                .collect(Collectors.toList()))
        .containsExactlyInAnyOrder("02114-1234", "");
    assertThat(
            rows(
                delta(paths.silver("organizations")).where(col("zip").isNull()).select(warnings())))
        .containsExactly("ORG-102");
  }

  @Test
  void fhirCarriesDeathFinalResultsAndTheReleasesDisplays() {
    List<JsonNode> patients = fhir.get("Patient");
    assertThat(patients).hasSize(3);
    JsonNode deceased =
        patients.stream()
            .filter(patient -> patient.has("deceasedDateTime"))
            .findFirst()
            .orElseThrow();
    assertThat(deceased.at("/deceasedDateTime").asText()).isEqualTo("2022-01-09");
    assertThat(deceased.has("active")).isFalse();
    assertThat(patients.stream().filter(patient -> patient.path("active").asBoolean()).count())
        .isEqualTo(2);
    assertThat(
            patients.stream()
                .map(patient -> patient.at("/address/0/postalCode").asText())
                .collect(Collectors.toList()))
        .contains("02114-1234");

    List<JsonNode> conditions = fhir.get("Condition");
    assertThat(conditions).hasSize(5);
    assertThat(conditions)
        .allSatisfy(
            condition ->
                assertThat(condition.toString()).contains("\"system\":\"http://snomed.info/sct\""));
    JsonNode pharyngitis =
        conditions.stream()
            .filter(condition -> condition.toString().contains("195662009"))
            .findFirst()
            .orElseThrow();
    assertThat(pharyngitis.at("/code/coding/0/code").asText()).isEqualTo("J02.9");
    assertThat(pharyngitis.at("/code/coding/0/display").asText())
        .isEqualTo("Acute pharyngitis, unspecified");

    assertThat(fhir.get("MedicationRequest")).hasSize(3);
    assertThat(fhir.get("Immunization"))
        .extracting(immunization -> immunization.at("/vaccineCode/coding/0/code").asText())
        .containsExactlyInAnyOrder("140", "21", "03");
    assertThat(fhir.get("Procedure"))
        .extracting(procedure -> procedure.at("/code/coding/0/system").asText())
        .containsOnly("http://snomed.info/sct")
        .hasSize(2);
    // One Observation.ndjson holds both sources: 3 laboratory results and 9 other observations.
    assertThat(fhir.get("Observation")).hasSize(12);
    assertThat(fhir.get("Observation"))
        .extracting(observation -> observation.at("/id").asText())
        .doesNotHaveDuplicates();
    List<JsonNode> labs =
        fhir.get("Observation").stream()
            .filter(observation -> !observation.at("/id").asText().startsWith("observation-obs-"))
            .toList();
    assertThat(labs)
        .hasSize(3)
        .allSatisfy(
            observation -> assertThat(observation.at("/status").asText()).isEqualTo("final"));
  }

  @Test
  void vitalSignsAndSurveysReachTheExportAsObservationsWithTheirCategory() {
    List<JsonNode> others =
        fhir.get("Observation").stream()
            .filter(observation -> observation.at("/id").asText().startsWith("observation-obs-"))
            .toList();
    assertThat(others)
        .extracting(observation -> observation.at("/category/0/coding/0/code").asText())
        .containsOnly("vital-signs", "survey")
        .filteredOn("vital-signs"::equals)
        .hasSize(8);
    assertThat(others)
        .allSatisfy(
            observation ->
                assertThat(observation.at("/category/0/coding/0/system").asText())
                    .isEqualTo("http://terminology.hl7.org/CodeSystem/observation-category"));
    JsonNode systolic =
        others.stream()
            .filter(observation -> observation.at("/code/coding/0/code").asText().equals("8480-6"))
            .findFirst()
            .orElseThrow();
    assertThat(systolic.at("/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
    assertThat(systolic.at("/valueQuantity/system").asText())
        .isEqualTo("http://unitsofmeasure.org");
    assertThat(systolic.at("/valueQuantity/code").asText()).isEqualTo("mm[Hg]");
    java.util.Set<String> patients =
        fhir.get("Patient").stream()
            .map(patient -> "Patient/" + patient.at("/id").asText())
            .collect(Collectors.toSet());
    assertThat(others)
        .extracting(observation -> observation.at("/subject/reference").asText())
        .allSatisfy(reference -> assertThat(patients).contains(reference));
  }

  private static String[] args(String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(settings));
    return all.toArray(String[]::new);
  }

  /** The source table of every quarantined row; empty when the run quarantined nothing. */
  private static List<String> quarantined() {
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark(), paths.quarantine())) {
      return List.of();
    }
    return rows(delta(paths.quarantine()).select("source_table"));
  }

  private static org.apache.spark.sql.Column warnings() {
    return org.apache.spark.sql.functions.expr("concat_ws(',', _warnings)");
  }

  private static Dataset<Row> delta(String path) {
    return spark().read().format("delta").load(path);
  }

  private static SparkSession spark() {
    return LakeSession.getOrCreate(
        CarelakeConfig.fromEnvironment(Map.of()).spark(), folder.resolve("spark"));
  }

  /** The rows as {@code a|b|c} text, null as {@code null}. */
  private static List<String> rows(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(
            row -> {
              List<String> values = new ArrayList<>();
              for (int i = 0; i < row.size(); i++) {
                values.add(String.valueOf(row.get(i)));
              }
              return String.join("|", values);
            })
        .toList();
  }

  /** The ICD-10-CM release files beside the repository ({@code ../shared}). */
  private static Path icd10cmRelease() {
    return Path.of(System.getProperty("carelake.icd10cm.dir", "../../shared/terminology/icd10cm"))
        .toAbsolutePath()
        .normalize();
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(SyntheaPipelineIT.class.getClassLoader().getResource(name).toURI());
  }
}
