package org.carelake.lake.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.DiagnosesLake;
import org.carelake.lake.DiagnosesLake.Diagnosis;
import org.carelake.lake.LakePaths;
import org.carelake.lake.TestSpark;
import org.carelake.lake.internal.silver.DiagnosesEntity;
import org.carelake.lake.internal.silver.TerminologyFunctions;
import org.carelake.lake.silver.SilverEntity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineReplayTest {
  private static SparkSession spark;

  @TempDir Path lake;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
    TerminologyFunctions.register(spark);
  }

  /** The diagnoses entity with DX-005 (onset in the future) dropped: "a rule was fixed". */
  private static SilverEntity withoutFutureOnsetRule() {
    SilverEntity entity = DiagnosesEntity.ENTITY;
    return new SilverEntity(
        entity.name(),
        entity.sourceTable(),
        entity.keyColumn(),
        entity.typedColumns(),
        entity.rules().stream().filter(rule -> !rule.id().equals("DX-005")).toList());
  }

  @Test
  void aReplayReleasesRowsWhoseSourceOrRuleWasFixedAndKeepsTheQuarantineAppendOnly() {
    LakePaths paths = LakePaths.of(lake.toUri());
    DiagnosesLake diagnoses = new DiagnosesLake(spark, paths);
    SilverEntity entity = DiagnosesEntity.ENTITY;
    diagnoses.run(
        "000001-a",
        1,
        entity,
        new Diagnosis("1", "E11.9", "2021-01-01", "2021-03-01 10:00:00"),
        new Diagnosis("2", null, "2021-01-01", "2021-03-01 10:00:00"),
        new Diagnosis("3", "I10", "2201-01-01", "2021-03-01 10:00:00"));
    QuarantineSource source = new QuarantineSource(spark, paths);
    QuarantineFilter open =
        new QuarantineFilter(
            Optional.empty(), Optional.empty(), Optional.empty(), QuarantineFilter.Scope.OPEN, 50);
    assertThat(source.list(open))
        .extracting(QuarantineEntry::sourcePosition, QuarantineEntry::ruleIds)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("ehr.diagnoses:diagnosis_id=2", List.of("DX-003")),
            org.assertj.core.groups.Tuple.tuple("ehr.diagnoses:diagnosis_id=3", List.of("DX-005")));

    // The source fixes diagnosis 2; a later run brings the corrected version to bronze.
    diagnoses.run(
        "000002-b", 2, entity, new Diagnosis("2", "J18.9", "2021-01-01", "2021-03-02 10:00:00"));
    QuarantineReplay.Result afterSourceFix =
        new QuarantineReplay(spark, paths).replay(List.of(entity), Optional.empty());

    assertThat(afterSourceFix.tables())
        .containsExactly(new QuarantineReplay.TableResult("ehr.diagnoses", 2, 1, 1, 1));
    assertThat(source.list(open))
        .extracting(QuarantineEntry::sourcePosition)
        .containsExactly("ehr.diagnoses:diagnosis_id=3");

    // The rule is fixed; the quarantined version of diagnosis 3 itself passes now.
    QuarantineReplay.Result afterRuleFix =
        new QuarantineReplay(spark, paths)
            .replay(List.of(withoutFutureOnsetRule()), Optional.of("diagnoses"));

    assertThat(afterRuleFix.tables())
        .containsExactly(new QuarantineReplay.TableResult("ehr.diagnoses", 1, 1, 0, 1));
    assertThat(source.list(open)).isEmpty();
    assertThat(spark.read().format("delta").load(paths.quarantine()).count())
        .as("the quarantine keeps every row")
        .isEqualTo(2);
    List<Row> releases =
        spark
            .read()
            .format("delta")
            .load(paths.quarantineReleases())
            .orderBy("source_key")
            .collectAsList();
    assertThat(releases)
        .extracting(row -> row.<String>getAs("source_key"), row -> row.<String>getAs("resolution"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2", "superseded"),
            org.assertj.core.groups.Tuple.tuple("3", "passed"));
    assertThat(
            spark
                .read()
                .format("delta")
                .load(paths.silver("diagnoses"))
                .orderBy("diagnosis_id")
                .select("icd10_code_dotted")
                .collectAsList())
        .extracting(row -> row.getString(0))
        .containsExactly("E11.9", "J18.9", "I10");
    QuarantineFilter all =
        new QuarantineFilter(
            Optional.of("DX-003"),
            Optional.of("ehr.diagnoses"),
            Optional.empty(),
            QuarantineFilter.Scope.ALL,
            50);
    assertThat(source.list(all))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.released()).isTrue();
              assertThat(entry.releasedBy()).isEqualTo(afterSourceFix.replayId());
              assertThat(entry.record()).as("no record unless asked").isNull();
            });
    assertThat(source.listWithRecords(all).get(0).record()).contains("\"diagnosis_id\":\"2\"");
  }

  @Test
  void aReplayOfAnEmptyQuarantineDoesNothing() {
    QuarantineReplay.Result result =
        new QuarantineReplay(spark, LakePaths.of(lake.toUri()))
            .replay(List.of(DiagnosesEntity.ENTITY), Optional.empty());

    assertThat(result.tables()).isEmpty();
    assertThat(result.notReplayed()).isZero();
  }
}
