package org.carelake.lake.internal.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.TestSpark;
import org.carelake.lake.raw.RawManifest;
import org.carelake.lake.raw.RawZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV files dropped into the inbox come from people and other systems: a record that does not parse
 * goes to quarantine with its file, the others reach bronze, and a header that cannot name columns
 * rejects that file alone.
 */
class InboxCsvTest {
  private static final List<String> REQUIRED = List.of("patient_id", "updated_at");

  @TempDir Path folder;

  private RawZone rawZone() {
    return new RawZone(LakeFiles.withDefaults(), LakePaths.of(folder.toUri()));
  }

  private Optional<RawManifest> drop(String name, String content) throws IOException {
    Path inbox = folder.resolve("raw/inbox/ehr/patients");
    Files.createDirectories(inbox);
    Files.writeString(inbox.resolve(name), content, StandardCharsets.UTF_8);
    return rawZone()
        .landInbox(
            new RawZone.Extract(
                "000001-test", "ehr", "patients", null, "2021-04-01T00:00:00Z", List.of()),
            name,
            REQUIRED);
  }

  @Test
  void aRecordThatDoesNotParseIsQuarantinedWithItsFileAndTheOthersReachBronze() throws IOException {
    RawManifest part =
        drop(
                "patients.csv",
                "patient_id,given_name,updated_at\n"
                    + "1,Maria,2021-03-01T10:00:00Z\n"
                    + "2,Jonas,Rivera,2021-03-02T10:00:00Z\n"
                    + "3,\"Ana\nLuisa\",2021-03-03T10:00:00Z\n"
                    + "4,2021-03-04T10:00:00Z\n")
            .orElseThrow();
    SparkSession spark = TestSpark.session();
    RawSource source = new RawSource(spark, rawZone());
    RawZone.Landed landed = new RawZone.Landed(List.of(part));

    List<Row> wellFormed = source.read(landed).orderBy("patient_id").collectAsList();
    Dataset<Row> quarantine =
        BronzeStage.malformedRecords(source.malformed(landed), "ehr.patients", "000001-test");
    List<Row> quarantined = quarantine.orderBy("record").collectAsList();

    assertThat(part.rowCount()).isEqualTo(4);
    assertThat(wellFormed)
        .extracting(row -> row.getAs("patient_id") + "/" + row.getAs("given_name"))
        .containsExactly("1/Maria", "3/Ana\nLuisa");
    assertThat(quarantined).hasSize(2);
    assertThat(wellFormed.size() + quarantined.size()).isEqualTo(part.rowCount());
    assertThat(quarantine.columns())
        .containsExactly(
            "source_table",
            "source_key",
            "rule_ids",
            "reasons",
            "record",
            "run_id",
            "source_position",
            "quarantined_at");
    Row first = quarantined.get(0);
    assertThat(first.getList(first.fieldIndex("rule_ids"))).containsExactly("RAW-001");
    assertThat(first.<String>getList(first.fieldIndex("reasons")).get(0))
        .startsWith("the CSV record in inbox file " + part.file() + " does not parse")
        .doesNotContain("Jonas", "Rivera");
    assertThat(quarantined)
        .extracting(row -> row.<String>getAs("record"))
        .containsExactlyInAnyOrder(
            "{\"text\":\"2,Jonas,Rivera,2021-03-02T10:00:00Z\"}",
            "{\"text\":\"4,2021-03-04T10:00:00Z\"}");
  }

  @Test
  void aHeaderThatCannotNameColumnsRejectsThatFileWithItsReason() throws IOException {
    Optional<RawManifest> semicolons =
        drop("export.csv", "patient_id;updated_at\n1;2021-03-01T10:00:00Z\n");
    Optional<RawManifest> quoted =
        drop("quoted.csv", "patient_id,\"given name\",updated_at\n1,Maria,2021-03-01\n");
    Optional<RawManifest> twice =
        drop("twice.csv", "patient_id,updated_at,updated_at\n1,2021-03-01,2021-03-02\n");

    assertThat(semicolons).isEmpty();
    assertThat(quoted).isEmpty();
    assertThat(twice).isEmpty();
    Path rejected = folder.resolve("raw/inbox/rejected");
    assertThat(Files.readString(rejected.resolve("000001-test-export.csv.reason.txt")))
        .startsWith("Not landed: column 1 of the header line is not a column name");
    assertThat(Files.readString(rejected.resolve("000001-test-quoted.csv.reason.txt")))
        .startsWith("Not landed: column 2 of the header line is not a column name");
    assertThat(Files.readString(rejected.resolve("000001-test-twice.csv.reason.txt")))
        .startsWith("Not landed: the header line names column updated_at twice");
    assertThat(rawZone().inbox("ehr", "patients")).isEmpty();
  }
}
