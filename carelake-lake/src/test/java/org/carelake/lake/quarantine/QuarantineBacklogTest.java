package org.carelake.lake.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.carelake.lake.DiagnosesLake;
import org.carelake.lake.DiagnosesLake.Diagnosis;
import org.carelake.lake.LakePaths;
import org.carelake.lake.TestSpark;
import org.carelake.lake.internal.silver.DiagnosesEntity;
import org.carelake.lake.internal.silver.TerminologyFunctions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineBacklogTest {
  private static SparkSession spark;

  @TempDir Path lake;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
    TerminologyFunctions.register(spark);
  }

  @Test
  void theBacklogCountsOpenKeysAndClosesAKeyALaterRunLetIntoSilver() {
    LakePaths paths = LakePaths.of(lake.toUri());
    DiagnosesLake diagnoses = new DiagnosesLake(spark, paths);
    // Run 1: diagnoses 2 and 3 have no code (DX-003).
    diagnoses.run(
        "000001-a",
        1,
        DiagnosesEntity.ENTITY,
        new Diagnosis("1", "E11.9", "2021-01-01", "2021-03-01 10:00:00"),
        new Diagnosis("2", null, "2021-01-01", "2021-03-01 10:00:00"),
        new Diagnosis("3", null, "2021-01-01", "2021-03-01 10:00:00"));
    // Run 2: diagnosis 3 changes at the source but still has no code; quarantined again.
    diagnoses.run(
        "000002-b",
        2,
        DiagnosesEntity.ENTITY,
        new Diagnosis("3", null, "2021-01-02", "2021-03-02 10:00:00"));
    QuarantineSource source = new QuarantineSource(spark, paths);

    assertThat(source.backlog()).isEqualTo(new QuarantineSource.Backlog(3, 0, 0, 2));

    // Run 3: the source fixes diagnosis 2, and the run lets it into silver.
    diagnoses.run(
        "000003-c",
        3,
        DiagnosesEntity.ENTITY,
        new Diagnosis("2", "J18.9", "2021-01-01", "2021-03-03 10:00:00"));

    assertThat(source.backlog()).isEqualTo(new QuarantineSource.Backlog(3, 0, 1, 1));
    QuarantineFilter open =
        new QuarantineFilter(
            Optional.empty(), Optional.empty(), Optional.empty(), QuarantineFilter.Scope.OPEN, 50);
    assertThat(source.list(open))
        .extracting(QuarantineEntry::sourcePosition)
        .containsOnly("ehr.diagnoses:diagnosis_id=3");
  }
}
