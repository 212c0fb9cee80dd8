package org.carelake.lake.internal.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pending table as runs replace it, and as a resumed run reads it. */
class PendingTableTest {
  @TempDir Path folder;

  private final SparkSession spark = SparkTests.spark();

  private Dataset<Row> rows(String... keys) {
    return spark
        .createDataset(java.util.List.of(keys), org.apache.spark.sql.Encoders.STRING())
        .toDF("_source_key");
  }

  @Test
  void aResumedRunReadsThePendingRowsAsTheyWereBeforeItsFirstAttempt() {
    String path = folder.resolve("pending/encounters").toString();
    PendingSource source = new PendingSource(spark);

    assertThat(new PendingSink(spark, path, "000001-a").write(rows())).isZero();
    assertThat(source.before(path, "000001-a")).as("nothing to write, no table").isEmpty();

    assertThat(new PendingSink(spark, path, "000001-a").write(rows("11", "12"))).isEqualTo(2);
    assertThat(source.before(path, "000001-a")).as("the run's own first version").isEmpty();
    assertThat(source.before(path, "000002-b").orElseThrow().count()).isEqualTo(2);

    new PendingSink(spark, path, "000002-b").write(rows("12"));
    new PendingSink(spark, path, "000002-b").write(rows("12"));
    assertThat(source.before(path, "000002-b").orElseThrow().collectAsList())
        .as("run 2 resumed after writing twice still sees run 1's rows")
        .extracting(row -> row.getString(0))
        .containsExactlyInAnyOrder("11", "12");
    assertThat(source.latest(path).orElseThrow().count()).isEqualTo(1);

    assertThat(new PendingSink(spark, path, "000003-c").write(rows())).isZero();
    assertThat(source.latest(path).orElseThrow().count()).as("emptied, not left behind").isZero();
  }
}
