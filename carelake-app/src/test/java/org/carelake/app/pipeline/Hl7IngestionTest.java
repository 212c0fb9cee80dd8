package org.carelake.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.cli.Progress;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.LakePaths;
import org.carelake.lake.LakeSession;
import org.carelake.lake.run.RunRecord;
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

    RunRecord run =
        new Hl7Ingestion(
                config, new Progress(new PrintStream(java.io.OutputStream.nullOutputStream())))
            .run(Optional.empty());

    assertThat(run.step("raw:hl7").orElseThrow().count("messages")).isEqualTo(152);
    assertThat(run.step("bronze:hl7_messages").orElseThrow().count("rows")).isEqualTo(152);
    assertThat(run.step("silver:hl7").orElseThrow().count("messages_quarantined")).isEqualTo(2);
    assertThat(run.step("silver:hl7").orElseThrow().count("messages_mapped")).isEqualTo(150);
    assertThat(Files.list(inbox).count()).as("files left in the inbox").isZero();

    SparkSession spark = LakeSession.getOrCreate(config.spark(), data.resolve("spark"));
    LakePaths paths = LakePaths.of(config.lakeUri());
    List<Row> quarantine =
        spark.read().format("delta").load(paths.quarantine()).orderBy("source_key").collectAsList();
    assertThat(quarantine).hasSize(2);
    assertThat(quarantine.get(0).<String>getList(quarantine.get(0).fieldIndex("reasons")))
        .containsExactly("PID-7: '2024-13-45' is not a date (DTM, at least YYYYMMDD)");
    assertThat(quarantine.get(0).getString(quarantine.get(0).fieldIndex("record")))
        .startsWith("MSH|^~\\&|EPIC|H|C|L|20210115083500||ADT^A01|BAD0001");
    assertThat(quarantine.get(1).<String>getList(quarantine.get(1).fieldIndex("reasons")))
        .containsExactly("OBX-5: 'ninety' is not a number (NM)");

    Row patient =
        spark.read().format("delta").load(paths.silver("patients")).where("patient_id = 1").first();
    assertThat(patient.getString(patient.fieldIndex("mrn"))).isEqualTo("10048290");
    assertThat(spark.read().format("delta").load(paths.silver("lab_results")).count()).isPositive();
    assertThat(spark.read().format("delta").load(paths.silver("appointments")).count())
        .isPositive();
  }
}
