package org.carelake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent appends, and the row counts read from their commits. */
class DeltaWritesTest {
  @TempDir Path folder;

  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> rows(long count) {
    return spark.range(count).toDF("id");
  }

  @Test
  void anAppendTellsHowManyRowsItsCommitWrote() {
    String path = folder.resolve("table").toUri().toString();

    assertThat(DeltaWrites.appendOnceCounting(rows(3), path, "writer", 1)).hasValue(3);
    assertThat(DeltaWrites.appendOnceCounting(rows(5), path, "writer", 2)).hasValue(5);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(8);
  }

  @Test
  void anAppendAlreadyCommittedForItsVersionIsSkippedAndCountsNothing() {
    String path = folder.resolve("table").toUri().toString();
    DeltaWrites.appendOnce(rows(3), path, "writer", 1);

    assertThat(DeltaWrites.appendOnceCounting(rows(3), path, "writer", 1)).isEmpty();
    DeltaWrites.appendOnce(rows(3), path, "writer", 1);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(3);
  }

  @Test
  void anotherWritersVersionDoesNotHoldBackThisWriters() {
    String path = folder.resolve("table").toUri().toString();
    DeltaWrites.appendOnce(rows(3), path, "other", 7);

    assertThat(DeltaWrites.appendOnceCounting(rows(2), path, "writer", 7)).hasValue(2);
  }

  @Test
  void anAppendMadeWithDeltasOwnTransactionIdsCountsAsMadeAndAnOlderVersionIsSkipped() {
    String path = folder.resolve("table").toUri().toString();
    // As carelake wrote before it checked appends itself.
    rows(3)
        .write()
        .format("delta")
        .mode("append")
        .option("txnAppId", "writer")
        .option("txnVersion", 4L)
        .save(path);

    assertThat(DeltaWrites.appendOnceCounting(rows(3), path, "writer", 4)).isEmpty();
    assertThat(DeltaWrites.appendOnceCounting(rows(3), path, "writer", 3)).isEmpty();
    DeltaWrites.appendOnce(rows(3), path, "other", 1);
    assertThat(DeltaWrites.appendOnceCounting(rows(2), path, "writer", 5)).hasValue(2);
    assertThat(DeltaWrites.appendOnceCounting(rows(2), path, "writer", 5)).isEmpty();
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(8);
  }
}
