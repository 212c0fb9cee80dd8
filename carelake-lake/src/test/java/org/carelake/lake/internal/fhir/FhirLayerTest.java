package org.carelake.lake.internal.fhir;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.SparkSettings;
import org.carelake.core.CarelakeException;
import org.carelake.fhir.FhirType;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.fhir.FhirExport;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.internal.silver.SilverSink;
import org.carelake.model.Encounter;
import org.carelake.model.LabResult;
import org.carelake.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FHIR layer on a local SparkSession (shared per test JVM) with temporary Delta tables: sync
 * from silver, versions, deletes, validation findings and the Bulk Data export.
 */
class FhirLayerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path scratch;
  @TempDir Path folder;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = LakeSession.getOrCreate(new SparkSettings("local[2]", 2), scratch);
  }

  private static Patient patient(long id, String family) {
    return new Patient(
        id,
        "MRN" + id,
        "Ana",
        family,
        LocalDate.of(1970, 1, 2),
        "female",
        "1 Main St",
        "Springfield",
        "IL",
        "62701",
        "+12175550100",
        null,
        null,
        null,
        null);
  }

  private static LabResult lab(long id, String unit) {
    return new LabResult(
        id,
        1,
        10L,
        "2345-7",
        "Glucose",
        new BigDecimal("105.0000"),
        null,
        unit,
        new BigDecimal("70.0000"),
        new BigDecimal("99.0000"),
        "70-99",
        "H",
        Instant.parse("2024-03-04T11:00:00Z"),
        Instant.parse("2024-03-04T12:00:00Z"));
  }

  private static void writeSilver(LakePaths paths, String entity, List<? extends Record> records) {
    Class<? extends Record> type = records.get(0).getClass();
    List<Row> rows = records.stream().map(SilverRows::toRow).toList();
    spark
        .createDataFrame(rows, SilverRows.schema(type))
        .withColumn("_run_id", lit("run-0"))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(paths.silver(entity));
  }

  private LakePaths lake() {
    return LakePaths.of(folder.resolve("lake").toUri());
  }

  private static Row stored(LakePaths paths, String id) {
    return spark
        .read()
        .format("delta")
        .load(paths.fhirResources())
        .where(col("id").equalTo(id))
        .first();
  }

  @Test
  void syncWritesChangedResourcesOnceVersionsChangesAndMarksDeletes() {
    LakePaths paths = lake();
    FhirSync sync = new FhirSync(spark, LakeFiles.withDefaults(), paths, 1.0);
    writeSilver(paths, "patients", List.of(patient(1, "Garcia"), patient(2, "Smith")));

    FhirSync.Counts first = sync.sync(FhirType.PATIENT, "run-1", 1);
    FhirSync.Counts again = sync.sync(FhirType.PATIENT, "run-2", 2);
    writeSilver(paths, "patients", List.of(patient(1, "Garcia-Lopez")));
    FhirSync.Counts changed = sync.sync(FhirType.PATIENT, "run-3", 3);

    assertThat(first).isEqualTo(new FhirSync.Counts(2, 2, 0, 2, 0, first.warnings()));
    // Silver did not change: the sync does not even read it.
    assertThat(again).isEqualTo(new FhirSync.Counts(0, 0, 0, 0, 0, 0));
    assertThat(changed.written()).isEqualTo(1);
    assertThat(changed.deleted()).isEqualTo(1);
    Row renamed = stored(paths, "patient-1");
    assertThat(renamed.<Long>getAs("version_id")).isEqualTo(2L);
    assertThat(renamed.<String>getAs("json")).contains("Garcia-Lopez");
    assertThat(renamed.<Boolean>getAs("deleted")).isFalse();
    Row gone = stored(paths, "patient-2");
    assertThat(gone.<Long>getAs("version_id")).isEqualTo(2L);
    assertThat(gone.<Boolean>getAs("deleted")).isTrue();
    assertThat(gone.<String>getAs("_run_id")).isEqualTo("run-3");
  }

  /** Merges patients into silver as the silver stage does: tombstones delete, versions win. */
  private static void mergeSilver(LakePaths paths, List<Patient> upserts, List<Long> deletes) {
    List<Row> rows = new java.util.ArrayList<>();
    upserts.forEach(patient -> rows.add(SilverRows.toRow(patient)));
    // A tombstone carries the key; the silver stage's other columns do not matter to the merge.
    deletes.forEach(key -> rows.add(SilverRows.toRow(patient(key, "deleted"))));
    org.apache.spark.sql.Dataset<Row> frame =
        spark
            .createDataFrame(rows, SilverRows.schema(Patient.class))
            .withColumn("_source_updated_at", lit(java.sql.Timestamp.from(Instant.now())))
            .withColumn("_run_id", lit("run-x"))
            .withColumn(
                "_deleted",
                deletes.isEmpty() ? lit(false) : col("patient_id").isin(deletes.toArray()));
    new SilverSink(spark, paths.silver("patients"), "patient_id").write(frame);
  }

  @Test
  void syncReadsOnlySilverChangesFromTheChangeFeedAndAFullSyncMapsEverything() {
    LakePaths paths = lake();
    FhirSync sync = new FhirSync(spark, LakeFiles.withDefaults(), paths, 0.0);
    mergeSilver(
        paths, List.of(patient(1, "Garcia"), patient(2, "Smith"), patient(3, "Lee")), List.of());
    FhirSync.Counts first = sync.sync(FhirType.PATIENT, "run-1", 1);
    mergeSilver(paths, List.of(patient(1, "Garcia-Lopez")), List.of(2L));
    mergeSilver(paths, List.of(patient(4, "Okafor")), List.of());

    FhirSync.Counts changes = sync.sync(FhirType.PATIENT, "run-2", 2);
    FhirSync.Counts unchanged = sync.sync(FhirType.PATIENT, "run-3", 3);
    FhirSync.Counts full = sync.sync(FhirType.PATIENT, "run-4", 4, true);

    assertThat(first).isEqualTo(new FhirSync.Counts(3, 3, 0, 0, 0, 0));
    // Two silver commits since: patient 1 updated, 2 deleted, 4 inserted; 3 is not read.
    assertThat(changes).isEqualTo(new FhirSync.Counts(2, 2, 1, 0, 0, 0));
    assertThat(unchanged).isEqualTo(new FhirSync.Counts(0, 0, 0, 0, 0, 0));
    assertThat(full).isEqualTo(new FhirSync.Counts(3, 0, 0, 0, 0, 0));
    assertThat(stored(paths, "patient-1").<String>getAs("json")).contains("Garcia-Lopez");
    assertThat(stored(paths, "patient-2").<Boolean>getAs("deleted")).isTrue();
    assertThat(stored(paths, "patient-3").<Long>getAs("version_id")).isEqualTo(1L);
    assertThat(stored(paths, "patient-4").<String>getAs("_run_id")).isEqualTo("run-2");
    // The feed was on from the table's creation, not switched on by a later commit.
    assertThat(
            io.delta.tables.DeltaTable.forPath(spark, paths.silver("patients"))
                .history()
                .select("operation")
                .collectAsList())
        .extracting(row -> row.getString(0))
        .containsOnly("WRITE", "MERGE");
  }

  @Test
  void anInvalidUnitBecomesAnErrorFindingWithItsLocationAndTheResourceIsStillWritten() {
    LakePaths paths = lake();
    writeSilver(paths, "lab_results", List.of(lab(7, "mg/dL"), lab(8, "milligrams per decilitre")));

    FhirSync.Counts counts =
        new FhirSync(spark, LakeFiles.withDefaults(), paths, 1.0)
            .sync(FhirType.OBSERVATION, "run-1", 1);

    assertThat(counts.written()).isEqualTo(2);
    // The unit is wrong in the value and in both ends of the reference range.
    assertThat(counts.errors()).isEqualTo(3);
    Row finding =
        spark
            .read()
            .format("delta")
            .load(paths.fhirFindings())
            .where(col("severity").equalTo("error"))
            .where(col("location").startsWith("Observation.value"))
            .first();
    assertThat(finding.<String>getAs("id")).isEqualTo("observation-8");
    assertThat(finding.<String>getAs("location")).startsWith("Observation.value.ofType(Quantity)");
    assertThat(finding.<String>getAs("message")).contains("milligrams per decilitre");
    assertThat(finding.<String>getAs("_run_id")).isEqualTo("run-1");
    assertThat(stored(paths, "observation-7").<String>getAs("json"))
        .contains("\"value\":105,")
        .contains("\"code\":\"mg/dL\"");
  }

  @Test
  void aZeroSampleValidatesNothing() {
    LakePaths paths = lake();
    writeSilver(paths, "lab_results", List.of(lab(8, "milligrams per decilitre")));

    FhirSync.Counts counts =
        new FhirSync(spark, LakeFiles.withDefaults(), paths, 0.0)
            .sync(FhirType.OBSERVATION, "run-1", 1);

    assertThat(counts.written()).isEqualTo(1);
    assertThat(counts.validated()).isZero();
    assertThat(Files.exists(folder.resolve("lake/fhir/findings"))).isFalse();
  }

  @Test
  void exportWritesNdjsonPerTypeAndABulkDataManifestAndSinceListsDeletes() throws Exception {
    LakePaths paths = lake();
    FhirSync sync = new FhirSync(spark, LakeFiles.withDefaults(), paths, 0.0);
    writeSilver(paths, "patients", List.of(patient(1, "Garcia"), patient(2, "Smith")));
    writeSilver(
        paths,
        "encounters",
        List.of(
            new Encounter(
                10,
                1,
                "outpatient",
                Instant.parse("2024-03-04T10:00:00Z"),
                null,
                null,
                null,
                null,
                null)));
    sync.sync(FhirType.PATIENT, "run-1", 1);
    sync.sync(FhirType.ENCOUNTER, "run-1", 1);
    FhirExport export = new FhirExport(spark, LakeFiles.withDefaults(), paths.fhirResources());
    Path full = folder.resolve("full");

    FhirExport.Result all =
        export.export(
            Optional.empty(),
            List.of(FhirType.PATIENT, FhirType.ENCOUNTER),
            full.toUri().toString());
    writeSilver(paths, "patients", List.of(patient(1, "Garcia-Lopez")));
    sync.sync(FhirType.PATIENT, "run-2", 2);
    Path delta = folder.resolve("since");
    FhirExport.Result since =
        export.export(
            Optional.of(all.transactionTime()),
            List.of(FhirType.PATIENT, FhirType.ENCOUNTER),
            delta.toUri().toString());

    List<String> patients = Files.readAllLines(full.resolve("Patient.ndjson"));
    assertThat(patients).hasSize(2);
    JsonNode first = JSON.readTree(patients.get(0));
    assertThat(first.at("/id").asText()).isEqualTo("patient-1");
    assertThat(first.at("/meta/versionId").asText()).isEqualTo("1");
    assertThat(Files.readAllLines(full.resolve("Encounter.ndjson"))).hasSize(1);
    JsonNode manifest = JSON.readTree(full.resolve("manifest.json").toFile());
    assertThat(manifest.at("/transactionTime").asText())
        .isEqualTo(all.transactionTime().toString());
    assertThat(manifest.at("/requiresAccessToken").asBoolean()).isFalse();
    assertThat(manifest.at("/output/0/type").asText()).isEqualTo("Patient");
    assertThat(manifest.at("/output/0/count").asLong()).isEqualTo(2);
    assertThat(URI.create(manifest.at("/output/0/url").asText()))
        .isEqualTo(full.resolve("Patient.ndjson").toUri());
    assertThat(manifest.at("/output/1/type").asText()).isEqualTo("Encounter");
    assertThat(manifest.at("/deleted").size()).isZero();
    assertThat(manifest.at("/error").size()).isZero();

    assertThat(since.resources()).containsEntry("Patient", 1L).containsEntry("Encounter", 0L);
    assertThat(since.deleted()).containsEntry("Patient", 1L);
    JsonNode changed = JSON.readTree(Files.readString(delta.resolve("Patient.ndjson")));
    assertThat(changed.at("/id").asText()).isEqualTo("patient-1");
    assertThat(changed.at("/meta/versionId").asText()).isEqualTo("2");
    JsonNode deletion = JSON.readTree(Files.readString(delta.resolve("Patient.deleted.ndjson")));
    assertThat(deletion.at("/type").asText()).isEqualTo("transaction");
    assertThat(deletion.at("/entry/0/request/method").asText()).isEqualTo("DELETE");
    assertThat(deletion.at("/entry/0/request/url").asText()).isEqualTo("Patient/patient-2");
    JsonNode sinceManifest = JSON.readTree(delta.resolve("manifest.json").toFile());
    assertThat(sinceManifest.at("/request").asText())
        .endsWith("$export?_type=Patient,Encounter&_since=" + all.transactionTime());
    assertThat(sinceManifest.at("/output").size()).isEqualTo(1);
    assertThat(sinceManifest.at("/deleted/0/type").asText()).isEqualTo("Bundle");
    assertThat(sinceManifest.at("/deleted/0/count").asLong()).isEqualTo(1);
    assertThat(Files.exists(delta.resolve("Encounter.ndjson"))).isFalse();
  }

  private static org.carelake.model.Observation vitalSign(long id, String code, String value) {
    return new org.carelake.model.Observation(
        id,
        1,
        10L,
        "vital-signs",
        "http://loinc.org",
        code,
        "8867-4".equals(code) ? "Heart rate" : "Body temperature",
        new BigDecimal(value),
        null,
        "8867-4".equals(code) ? "/min" : "Cel",
        Instant.parse("2024-03-04T10:20:00Z"));
  }

  private static Encounter encounter(long id) {
    return new Encounter(
        id, 1, "outpatient", Instant.parse("2024-03-04T10:00:00Z"), null, null, null, null, null);
  }

  private static long stored(LakePaths paths, String resourceType, boolean deleted) {
    return spark
        .read()
        .format("delta")
        .load(paths.fhirResources())
        .where(col("resource_type").equalTo(resourceType).and(col("deleted").equalTo(deleted)))
        .count();
  }

  @Test
  void twoSilverTablesFeedObservationAndADeletedVitalSignLeavesTheLabResultsAlone()
      throws Exception {
    LakePaths paths = lake();
    LakeFiles files = LakeFiles.withDefaults();
    FhirSync sync = new FhirSync(spark, files, paths, 1.0);
    writeSilver(paths, "patients", List.of(patient(1, "Garcia")));
    writeSilver(paths, "encounters", List.of(encounter(10)));
    // Key 1 in both tables: laboratory result observation-1, vital sign observation-obs-1.
    writeSilver(paths, "lab_results", List.of(lab(1, "mg/dL"), lab(2, "mg/dL")));
    writeSilver(
        paths,
        "observations",
        List.of(vitalSign(1, "8867-4", "74"), vitalSign(2, "8310-5", "36.8")));

    sync.sync(FhirType.PATIENT, "run-1", 1);
    sync.sync(FhirType.ENCOUNTER, "run-1", 1);
    FhirSync.Counts labs = sync.sync(FhirType.OBSERVATION, "run-1", 1);
    FhirSync.Counts vitals = sync.sync(FhirType.OBSERVATION_OTHER, "run-1", 1);
    writeSilver(paths, "observations", List.of(vitalSign(1, "8867-4", "74")));
    FhirSync.Counts vitalDeleted = sync.sync(FhirType.OBSERVATION_OTHER, "run-2", 2);
    FhirSync.Counts labsAgain = sync.sync(FhirType.OBSERVATION, "run-2", 2, true);

    assertThat(labs).isEqualTo(new FhirSync.Counts(2, 2, 0, 2, 0, labs.warnings()));
    // Every vital sign was validated by the HAPI validator, without an error.
    assertThat(vitals).isEqualTo(new FhirSync.Counts(2, 2, 0, 2, 0, vitals.warnings()));
    assertThat(vitalDeleted.deleted()).isEqualTo(1);
    assertThat(vitalDeleted.written()).isZero();
    // A full sync of the laboratory results compares them with all Observations stored: it
    // neither rewrites nor deletes the vital signs, whose ids also begin with observation-.
    assertThat(labsAgain).isEqualTo(new FhirSync.Counts(2, 0, 0, 0, 0, 0));
    assertThat(stored(paths, "observation-obs-2").<Boolean>getAs("deleted")).isTrue();
    assertThat(stored(paths, "observation-obs-1").<Boolean>getAs("deleted")).isFalse();
    for (String lab : List.of("observation-1", "observation-2")) {
      Row row = stored(paths, lab);
      assertThat(row.<Boolean>getAs("deleted")).as(lab).isFalse();
      assertThat(row.<Long>getAs("version_id")).as(lab).isEqualTo(1L);
    }
    assertThat(stored(paths, "Observation", false)).isEqualTo(3);
    assertThat(stored(paths, "Observation", true)).isEqualTo(1);
    // Each source keeps its own position.
    assertThat(Files.exists(Path.of(URI.create(paths.fhirSync() + "/Observation.json")))).isTrue();
    assertThat(
            Files.exists(Path.of(URI.create(paths.fhirSync() + "/Observation-observations.json"))))
        .isTrue();

    Path out = folder.resolve("export");
    FhirExport.Result export =
        new FhirExport(spark, files, paths.fhirResources())
            .export(Optional.empty(), List.of(FhirType.values()), out.toUri().toString());

    assertThat(export.resources()).containsEntry("Observation", 3L);
    List<String> observations = Files.readAllLines(out.resolve("Observation.ndjson"));
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (String file : List.of("Patient.ndjson", "Encounter.ndjson", "Observation.ndjson")) {
      for (String line : Files.readAllLines(out.resolve(file))) {
        JsonNode resource = JSON.readTree(line);
        assertThat(
                ids.add(resource.at("/resourceType").asText() + "/" + resource.at("/id").asText()))
            .as("exported once: %s", line)
            .isTrue();
      }
    }
    assertThat(ids)
        .contains("Observation/observation-1", "Observation/observation-2")
        .contains("Observation/observation-obs-1")
        .doesNotContain("Observation/observation-obs-2");
    long references = 0;
    for (String line : observations) {
      for (JsonNode reference : JSON.readTree(line).findValues("reference")) {
        assertThat(ids).as("reference in %s", line).contains(reference.asText());
        references++;
      }
    }
    assertThat(references).isGreaterThanOrEqualTo(2L * observations.size());
    JsonNode vitalSign =
        observations.stream()
            .map(
                line -> {
                  try {
                    return JSON.readTree(line);
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .filter(resource -> resource.at("/id").asText().equals("observation-obs-1"))
            .findFirst()
            .orElseThrow();
    assertThat(vitalSign.at("/category/0/coding/0/code").asText()).isEqualTo("vital-signs");
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.at("/output").findValuesAsText("type"))
        .filteredOn("Observation"::equals)
        .hasSize(1);
    assertThat(manifest.at("/request").asText()).containsOnlyOnce("Observation");
  }

  @Test
  void exportWithoutAFhirLayerSaysHowToMakeOne() {
    LakePaths paths = lake();
    FhirExport export = new FhirExport(spark, LakeFiles.withDefaults(), paths.fhirResources());

    assertThatThrownBy(
            () ->
                export.export(
                    Optional.empty(), List.of(FhirType.PATIENT), folder.toUri().toString()))
        .isInstanceOf(CarelakeException.class)
        .hasMessage(
            "There is no FHIR layer at "
                + paths.fhirResources()
                + " to export; it is written by the pipeline's fhir steps after silver. Run"
                + " 'carelake run' (or 'carelake demo') first, or check lake.uri.");
  }

  @Test
  void silverRowsRoundTripRecordsAndToleratesMissingColumns() {
    Encounter encounter =
        new Encounter(
            10,
            1,
            "inpatient",
            Instant.parse("2024-03-04T10:00:00Z"),
            Instant.parse("2024-03-05T10:00:00Z"),
            "home",
            3L,
            1L,
            "urgent");
    Row row =
        spark
            .createDataFrame(
                List.of(SilverRows.toRow(encounter)), SilverRows.schema(Encounter.class))
            .drop("admission_type")
            .first();

    Encounter read = SilverRows.toRecord(row, Encounter.class);

    assertThat(SilverRows.column("attendingPractitionerId")).isEqualTo("attending_practitioner_id");
    assertThat(read)
        .isEqualTo(
            new Encounter(
                10,
                1,
                "inpatient",
                encounter.admitTime(),
                encounter.dischargeTime(),
                "home",
                3L,
                1L,
                null));
  }
}
