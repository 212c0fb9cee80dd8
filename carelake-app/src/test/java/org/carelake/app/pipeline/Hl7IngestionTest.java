package org.carelake.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.CarelakeException;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.bronze.BronzeReplay;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.internal.hl7.Hl7BronzeStep;
import org.carelake.lake.internal.hl7.Hl7LandStep;
import org.carelake.lake.internal.hl7.Hl7SilverStep;
import org.carelake.lake.pipeline.Pipeline;
import org.carelake.lake.pipeline.PipelineScope;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepExecutor;
import org.carelake.lake.pipeline.StepListener;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.synth.GeneratorSettings;
import org.carelake.synth.Hl7MessageGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch HL7 files from the inbox through raw, bronze, silver and quarantine, on local Spark. */
class Hl7IngestionTest {
  @TempDir Path data;

  private static final String BAD_ADT =
      "MSH|^~\\&|EPIC|H|C|L|20210115083500||ADT^A01|BAD0001|P|2.3\r"
          + "PID|1||00058290^^^H^MR||Rivera^Maria||2024-13-45|F\r"
          + "PV1|1|I|||||||||||||||||1001|||||||||||||||||||||||||20210115083000\r";

  private static final String BAD_ORU =
      "MSH|^~\\&|LAB|H|C|L|20210115093500||ORU^R01^ORU_R01|BAD0002|P|2.5.1\r"
          + "PID|1||00058290^^^H^MR\r"
          + "OBR|1||FL1\r"
          + "OBX|1|NM|2345-7^Glucose^LN||ninety|mg/dL\r";

  @Test
  void inboxFilesLandInSilverAndMalformedMessagesInQuarantineWithLocatedReasons() throws Exception {
    CarelakeConfig config =
        CarelakeConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "data-dir",
                data.toString(),
                "spark.master",
                "local[2]",
                "spark.shuffle-partitions",
                "2"));
    Path inbox = data.resolve("lake/raw/inbox/hl7");
    Files.createDirectories(inbox);
    new Hl7MessageGenerator(new GeneratorSettings(20, 42, 0.0))
        .write(150, EnumSet.allOf(Hl7MessageGenerator.Family.class), inbox);
    Files.writeString(
        inbox.resolve("bad.hl7"),
        "\u000b" + BAD_ADT.replace("\r", "\n") + "\u001c\r\u000b" + BAD_ORU + "\u001c\r");

    RunRecord run = ingestion(config).run(Optional.empty(), PipelineScope.LAKE_ONLY);

    assertThat(run.step("raw:hl7").orElseThrow().count("messages")).isEqualTo(152);
    assertThat(run.step("bronze:hl7_messages").orElseThrow().count("rows")).isEqualTo(152);
    assertThat(run.step("silver:hl7").orElseThrow().count("messages_quarantined")).isZero();
    assertThat(run.step("silver:hl7").orElseThrow().count("records_quarantined")).isEqualTo(2);
    assertThat(run.step("silver:hl7").orElseThrow().count("messages_mapped")).isEqualTo(152);
    assertThat(run.step("silver:hl7").orElseThrow().count("quarantined"))
        .as("the name carelake status and the run summary add up: messages and records")
        .isEqualTo(2);
    assertThat(run.step("silver:hl7").orElseThrow().count("upserted"))
        .isEqualTo(
            Hl7SilverStep.Result.of(run.step("silver:hl7").orElseThrow())
                .upserted()
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .sum())
        .isPositive();
    assertThat(run.step("reconcile").orElseThrow().count("messages")).isEqualTo(152);
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(Files.list(inbox).count()).as("files left in the inbox").isZero();

    SparkSession spark = LakeSession.getOrCreate(config.spark(), data.resolve("spark"));
    LakePaths paths = LakePaths.of(config.lakeUri());
    List<Row> quarantine =
        spark.read().format("delta").load(paths.quarantine()).orderBy("source_key").collectAsList();
    assertThat(quarantine).hasSize(2);
    assertThat(quarantine.get(0).<String>getList(quarantine.get(0).fieldIndex("rule_ids")))
        .as("the patient alone, by the declared rule; the admission's visit mapped")
        .containsExactly("PAT-003");
    assertThat(quarantine.get(0).<String>getList(quarantine.get(0).fieldIndex("reasons")))
        .containsExactly("PID-7: birth_date is not a date");
    assertThat(quarantine.get(0).getString(quarantine.get(0).fieldIndex("source_key")))
        .isEqualTo("BAD0001");
    assertThat(quarantine.get(1).<String>getList(quarantine.get(1).fieldIndex("reasons")))
        .containsExactly("OBX-5: not a number (NM)");
    assertThat(quarantine.get(1).getString(quarantine.get(1).fieldIndex("source_key")))
        .as("the rejected result alone, located by its segment; the message's patient mapped")
        .isEqualTo("BAD0002/OBX[1]");

    Row patient =
        spark.read().format("delta").load(paths.silver("patients")).where("patient_id = 1").first();
    assertThat(patient.getString(patient.fieldIndex("mrn"))).isEqualTo("10048290");
    long patients = spark.read().format("delta").load(paths.silver("patients")).count();
    long encounters = spark.read().format("delta").load(paths.silver("encounters")).count();
    assertThat(run.step("fhir:Patient").orElseThrow().count("written")).isEqualTo(patients);
    assertThat(run.step("fhir:Encounter").orElseThrow().count("written")).isEqualTo(encounters);
    assertThat(
            spark
                .read()
                .format("delta")
                .load(paths.fhirResources())
                .where("resource_type = 'Patient' AND NOT deleted")
                .count())
        .as("a FHIR Patient per HL7 patient")
        .isEqualTo(patients);
    assertThat(
            run.steps().stream().map(step -> step.name()).filter(name -> name.startsWith("gold:")))
        .as("gold is rebuilt after HL7 ingestion")
        .isNotEmpty();
    assertThat(spark.read().format("delta").load(paths.silver("lab_results")).count()).isPositive();
    assertThat(spark.read().format("delta").load(paths.silver("appointments")).count())
        .isPositive();
    assertThat(
            spark
                .read()
                .format("delta")
                .load(paths.silver("appointments"))
                .where("filler_appointment_id IS NULL")
                .count())
        .as("the SCH-2 ids HL7 gives survive the declared rules, which the EHR path leaves null")
        .isZero();
  }

  /**
   * MSH-18 Character Set (HL7 v2.5.1 Ch. 2.14.9.18, table 0211 {@code 8859/1}): the raw zone holds
   * the bytes as received, bronze decodes them, and the name reaches silver intact. The ORU's
   * sparse PID (Ch. 7.3.1) arrives after the ADT registration and completes nothing it blanks.
   */
  @Test
  void latin1FileLandsByteForByteAndItsRowsReachSilverThroughTheDeclaredRules() throws Exception {
    CarelakeConfig config =
        CarelakeConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "data-dir",
                data.toString(),
                "spark.master",
                "local[2]",
                "spark.shuffle-partitions",
                "2"));
    Path inbox = data.resolve("lake/raw/inbox/hl7");
    Files.createDirectories(inbox);
    String text =
        "MSH|^~\\&|ADM|ZURICH|C|L|20210301080000||ADT^A04|L1|P|2.3|||||CHE|8859/1\r"
            + "PID|1||77001^^^ZURICH^MR||Müller^Jürgen^Andreas||19720305|M|||Bahnhofstraße 1^^Zürich"
            + "\r"
            + "PV1|1|O|^^^ZH||||||||||||||||V-1^^^ZURICH"
            + "|".repeat(25)
            + "20210301075500\r"
            + "DG1|1||E11.9^Diabetes^I10\r"
            + "DG1|2||^^I10\r"
            + "MSH|^~\\&|LAB|ZURICH|C|L|20210302090000||ORU^R01|L2|P|2.3|||||CHE|8859/1\r"
            + "PID|1||77001^^^ZURICH^MR||Müller^Jürgen\r"
            + "OBR|1||F-1|2345-7^Glucose^LN|||20210302080000\r"
            + "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/l|||||F\r"
            + "OBX|2|NM|GLU-L^Glucose, local code^99LAB||5.5|mmol/l|||||F\r";
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(inbox.resolve("latin1.hl7"), bytes);

    RunRecord run = ingestion(config).run(Optional.empty(), PipelineScope.LAKE_ONLY);

    assertThat(run.step("silver:hl7").orElseThrow().count("messages_mapped")).isEqualTo(2);
    assertThat(run.step("silver:hl7").orElseThrow().count("records_quarantined"))
        .as("the DG1 without a code, and the result without LOINC (rule LAB-003)")
        .isEqualTo(2);
    Path landed;
    try (var walk = Files.walk(data.resolve("lake/raw/hl7"))) {
      landed =
          walk.filter(path -> path.getFileName().toString().equals("latin1.hl7"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(Files.readAllBytes(landed))
        .as("the raw zone keeps the bytes received")
        .isEqualTo(bytes);

    SparkSession spark = LakeSession.getOrCreate(config.spark(), data.resolve("spark"));
    LakePaths paths = LakePaths.of(config.lakeUri());
    List<Row> patients =
        spark.read().format("delta").load(paths.silver("patients")).collectAsList();
    assertThat(patients).hasSize(1);
    Row patient = patients.get(0);
    assertThat(patient.getString(patient.fieldIndex("family_name"))).isEqualTo("Müller");
    assertThat(patient.getString(patient.fieldIndex("given_name"))).isEqualTo("Jürgen");
    assertThat(patient.getString(patient.fieldIndex("other_given_names"))).isEqualTo("Andreas");
    assertThat(patient.getString(patient.fieldIndex("city"))).isEqualTo("Zürich");
    assertThat(patient.get(patient.fieldIndex("birth_date")))
        .as("the ORU's later, sparser PID does not blank the registration's birth date")
        .hasToString("1972-03-05");
    assertThat(spark.read().format("delta").load(paths.silver("lab_results")).first())
        .satisfies(row -> assertThat(row.getString(row.fieldIndex("unit"))).isEqualTo("mmol/L"));
    List<Row> quarantine =
        spark.read().format("delta").load(paths.quarantine()).orderBy("source_key").collectAsList();
    assertThat(quarantine).hasSize(2);
    Row rejected = quarantine.get(0);
    assertThat(rejected.getString(rejected.fieldIndex("source_key"))).isEqualTo("L1/DG1[2]");
    Row ruled = quarantine.get(1);
    assertThat(ruled.getString(ruled.fieldIndex("source_table"))).isEqualTo("hl7.messages");
    assertThat(ruled.getString(ruled.fieldIndex("source_key"))).isEqualTo("L2");
    assertThat(ruled.<String>getList(ruled.fieldIndex("rule_ids"))).containsExactly("LAB-003");
    assertThat(ruled.<String>getList(ruled.fieldIndex("reasons")))
        .containsExactly("OBX-3: loinc_code is missing");
    assertThat(rejected.<String>getList(rejected.fieldIndex("reasons")))
        .containsExactly(
            "DG1[2]-3.1: diagnosis code is missing (DG1-3.1 and DG1-3.4 are empty); a diagnosis"
                + " needs a code");
  }

  /**
   * Patients and diagnoses pass the declared rules of the database path. The ORU's PID (HL7 v2.5.1
   * Ch. 7.3.1) names its patient by MRN and family name alone: a sparse patient, kept with
   * warnings. A PID-7 (Ch. 3.4.2.7) that is not a date breaks PAT-003, located at PID-7 without the
   * value. A DG1-3 coded in ICD-9-CM (Ch. 6.5.2, table 0396 I9) is a code, kept as sent.
   */
  @Test
  void sparsePatientsAndIcd9DiagnosesPassTheDeclaredRulesAndABirthDateThatIsNotADateBreaksPat003()
      throws Exception {
    CarelakeConfig config = config();
    Path inbox = data.resolve("lake/raw/inbox/hl7");
    Files.createDirectories(inbox);
    String visit = "|".repeat(25) + "20210301075500\r";
    Files.writeString(
        inbox.resolve("rules.hl7"),
        "MSH|^~\\&|LAB|H|C|L|20210302090000||ORU^R01|S1|P|2.5.1\r"
            + "PID|1||55001^^^H^MR||Okafor\r"
            + "OBR|1||F-9|2345-7^Glucose^LN|||20210302080000\r"
            + "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/l|||||F\r"
            + "MSH|^~\\&|ADM|H|C|L|20210301080000||ADT^A04|S2|P|2.5.1\r"
            + "PID|1||55002^^^H^MR||Ibarra^Luis||19791331|M\r"
            + "PV1|1|O|^^^H||||||||||||||||V-2^^^H"
            + visit
            + "MSH|^~\\&|ADM|H|C|L|20210301081000||ADT^A04|S3|P|2.5.1\r"
            + "PID|1||55003^^^H^MR||Nakamura^Emi||19610412|F\r"
            + "PV1|1|O|^^^H||||||||||||||||V-3^^^H"
            + visit
            + "DG1|1||250.00^Diabetes mellitus without complication^I9\r");

    RunRecord run = ingestion(config).run(Optional.empty(), PipelineScope.TO_SILVER);

    assertThat(run.step("silver:hl7").orElseThrow().count("messages_mapped")).isEqualTo(3);
    assertThat(run.step("silver:hl7").orElseThrow().count("records_quarantined")).isEqualTo(1);
    SparkSession spark = LakeSession.getOrCreate(config.spark(), data.resolve("spark"));
    LakePaths paths = LakePaths.of(config.lakeUri());
    List<Row> quarantine = spark.read().format("delta").load(paths.quarantine()).collectAsList();
    assertThat(quarantine).hasSize(1);
    Row broken = quarantine.get(0);
    assertThat(broken.getString(broken.fieldIndex("source_key"))).isEqualTo("S2");
    assertThat(broken.<String>getList(broken.fieldIndex("rule_ids"))).containsExactly("PAT-003");
    assertThat(broken.<String>getList(broken.fieldIndex("reasons")))
        .containsExactly("PID-7: birth_date is not a date")
        .noneMatch(reason -> reason.contains("19791331"));

    List<Row> patients =
        spark
            .read()
            .format("delta")
            .load(paths.silver("patients"))
            .orderBy("family_name")
            .collectAsList();
    assertThat(patients)
        .extracting(row -> row.getString(row.fieldIndex("family_name")))
        .as("the patient whose birth date is not a date is quarantined, the others kept")
        .containsExactly("Nakamura", "Okafor");
    Row sparse = patients.get(1);
    assertThat(sparse.get(sparse.fieldIndex("birth_date"))).isNull();
    assertThat(sparse.<String>getList(sparse.fieldIndex("_warnings")))
        .contains("PAT-107", "PAT-109");

    List<Row> diagnoses =
        spark.read().format("delta").load(paths.silver("diagnoses")).collectAsList();
    assertThat(diagnoses).hasSize(1);
    Row diagnosis = diagnoses.get(0);
    assertThat(diagnosis.getString(diagnosis.fieldIndex("source_code"))).isEqualTo("250.00");
    assertThat(diagnosis.getString(diagnosis.fieldIndex("source_code_system"))).isEqualTo("I9");
    assertThat(diagnosis.getString(diagnosis.fieldIndex("code_system")))
        .isEqualTo("http://hl7.org/fhir/sid/icd-9-cm");
    assertThat(diagnosis.getString(diagnosis.fieldIndex("icd10_code_status")))
        .isEqualTo("not_icd10");
    assertThat(diagnosis.<String>getList(diagnosis.fieldIndex("_warnings"))).contains("DX-105");
  }

  @Test
  void filesLandedByARunThatCrashedBeforeBronzeReachBronzeAndSilverOnceWhenTheRunResumes()
      throws Exception {
    CarelakeConfig config = config();
    Lake lake = Lake.open(config);
    Path inbox = data.resolve("lake/raw/inbox/hl7");
    Files.createDirectories(inbox);
    new Hl7MessageGenerator(new GeneratorSettings(20, 42, 0.0))
        .write(60, EnumSet.allOf(Hl7MessageGenerator.Family.class), inbox);
    RunRecord crashed = landThenCrash(lake, inbox);
    assertThat(Files.list(inbox).count()).as("the landed files left the inbox").isZero();
    assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);

    RunRecord run = ingestion(config).run(Optional.empty(), PipelineScope.TO_SILVER);

    assertThat(run.id()).as("the crashed run is resumed").isEqualTo(crashed.id());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.step("bronze:hl7_messages").orElseThrow().count("rows")).isEqualTo(60);
    assertThat(run.step("silver:hl7").orElseThrow().count("received")).isEqualTo(60);
    SparkSession spark = lake.spark();
    assertThat(spark.read().format("delta").load(Hl7BronzeStep.path(lake.paths())).count())
        .as("each message once in bronze")
        .isEqualTo(60);

    RunRecord next = ingestion(config).run(Optional.empty(), PipelineScope.TO_SILVER);
    assertThat(next.id()).isNotEqualTo(run.id());
    assertThat(next.step("bronze:hl7_messages").orElseThrow().count("rows"))
        .as("nothing landed twice")
        .isZero();
    assertThat(spark.read().format("delta").load(Hl7BronzeStep.path(lake.paths())).count())
        .isEqualTo(60);
  }

  @Test
  void replayAppendsToBronzeTheLandedMessagesOfRunsBronzeMissesOnceAndOnlyThose() throws Exception {
    CarelakeConfig config = config();
    Lake lake = Lake.open(config);
    Path inbox = data.resolve("lake/raw/inbox/hl7");
    Files.createDirectories(inbox);
    new Hl7MessageGenerator(new GeneratorSettings(20, 7, 0.0))
        .write(30, EnumSet.allOf(Hl7MessageGenerator.Family.class), inbox);
    RunRecord crashed = landThenCrash(lake, inbox);
    // A later run appends its own messages first: the crashed run's append must still be made.
    Files.writeString(inbox.resolve("later.hl7"), BAD_ORU);
    RunRecord later = lake.history().start(Hl7Ingestion.COMMAND);
    lake.history().save(later);
    new StepExecutor(lake.history(), 1, new StepListener() {}, () -> {})
        .execute(
            new Pipeline(
                "hl7 test",
                List.of(new Hl7LandStep(lake, inbox.toUri().toString()), new Hl7BronzeStep(lake))),
            later,
            RunMode.INCREMENTAL,
            Map.of());
    SparkSession spark = lake.spark();
    BronzeReplay replay = new BronzeReplay(spark, lake.files(), lake.paths());

    Map<String, Long> replayed = replay.replayHl7Missing();
    Map<String, Long> again = replay.replayHl7Missing();

    assertThat(replayed).containsExactly(Map.entry(crashed.id(), 30L));
    assertThat(again).isEmpty();
    assertThat(spark.read().format("delta").load(Hl7BronzeStep.path(lake.paths())).count())
        .isEqualTo(31);
  }

  /** Lands the inbox in a new HL7 run whose bronze step then fails, as a crash would stop it. */
  private static RunRecord landThenCrash(Lake lake, Path inbox) {
    RunRecord run = lake.history().start(Hl7Ingestion.COMMAND);
    lake.history().save(run);
    Step crash =
        new Step() {
          @Override
          public StepName name() {
            return Hl7BronzeStep.NAME;
          }

          @Override
          public List<StepName> dependsOn() {
            return List.of(Hl7LandStep.NAME);
          }

          @Override
          public String description() {
            return "fails, as a process killed after landing";
          }

          @Override
          public StepResult run(RunContext context) {
            throw new CarelakeException("crashed before bronze");
          }
        };
    assertThatThrownBy(
            () ->
                new StepExecutor(lake.history(), 1, new StepListener() {}, () -> {})
                    .execute(
                        new Pipeline(
                            "hl7 test",
                            List.of(new Hl7LandStep(lake, inbox.toUri().toString()), crash)),
                        run,
                        RunMode.INCREMENTAL,
                        Map.of()))
        .hasMessage("crashed before bronze");
    return lake.history().newestFirst().findFirst().orElseThrow();
  }

  private CarelakeConfig config() {
    return CarelakeConfig.load(
        Optional.empty(),
        Map.of(),
        Map.of(
            "data-dir",
            data.toString(),
            "spark.master",
            "local[2]",
            "spark.shuffle-partitions",
            "2"));
  }

  private static Hl7Ingestion ingestion(CarelakeConfig config) {
    return new Hl7Ingestion(
        Lake.open(config),
        () -> {
          throw new IllegalStateException("no publish database in this test");
        },
        new StepListener() {});
  }
}
