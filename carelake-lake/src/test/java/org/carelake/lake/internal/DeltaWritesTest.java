package org.carelake.lake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.carelake.lake.TestSpark;
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

  @Test
  void aReplayedAppendIsSkippedAfterMoreThanAHundredCommitsOfOtherWriters() {
    String path = folder.resolve("table").toUri().toString();
    DeltaWrites.appendOnce(rows(3), path, "writer", 1);
    for (int commit = 0; commit < 101; commit++) {
      rows(1).write().format("delta").mode("append").save(path);
    }

    assertThat(DeltaWrites.appendOnceCounting(rows(3), path, "writer", 1)).isEmpty();
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(104);
    assertThat(DeltaWrites.appendOnceCounting(rows(2), path, "writer", 2)).hasValue(2);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(106);
  }

  @Test
  void aReplayedAppendIsSkippedAfterACheckpointAndLogCleanUpRemovedItsCommit() throws Exception {
    Path table = folder.resolve("table");
    String path = table.toUri().toString();
    DeltaWrites.appendOnce(rows(3), path, "writer", 1);
    spark.sql(
        "ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '5')");
    for (int commit = 2; commit <= 5; commit++) {
      rows(1).write().format("delta").mode("append").save(path);
    }
    assertThat(table.resolve("_delta_log/00000000000000000005.checkpoint.parquet")).exists();
    for (int commit = 6; commit <= 10; commit++) {
      rows(1).write().format("delta").mode("append").save(path);
    }
    // What log clean-up removes once the retention has passed: the commits (and their checksum
    // files) before a checkpoint, here the writer's own commit 0. Delta 4.4's own clean-up
    // (doLogCleanup) removed nothing here, even with a retention of one hour and the files aged
    // three days, so the test removes them as it would, then drops the cached table state.
    for (Path file : logFiles(table)) {
      String name = file.getFileName().toString().replaceFirst("^\\.", "");
      if (name.matches("0000000000000000000[0-4]\\.(json|crc).*")) {
        Files.delete(file);
      }
    }
    DeltaLog.clearCache();
    assertThat(table.resolve("_delta_log/00000000000000000000.json")).doesNotExist();
    assertThat(table.resolve("_delta_log/00000000000000000004.json")).doesNotExist();
    assertThat(table.resolve("_delta_log/00000000000000000010.checkpoint.parquet")).exists();

    assertThat(DeltaWrites.appendOnceCounting(rows(3), path, "writer", 1)).isEmpty();
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(12);
    assertThat(DeltaWrites.appendOnceCounting(rows(4), path, "writer", 2)).hasValue(4);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(16);
  }

  /**
   * Delta 4.4 checks {@code txnVersion} against the snapshot's transactions, which it computes by
   * rebuilding the table's state (three small jobs here), not from the checksum file that holds
   * them: an idempotent append costs that much more than a plain one, once per new table version,
   * and a replay that Delta skips writes nothing.
   */
  @Test
  void anIdempotentAppendCostsAtMostOneStateRebuildMoreThanAPlainOneAndAReplayWritesNothing()
      throws Exception {
    String plain = folder.resolve("plain").toUri().toString();
    String once = folder.resolve("once").toUri().toString();
    rows(1).write().format("delta").mode("append").save(plain);
    DeltaWrites.appendOnce(rows(1), once, "writer", 0);
    int appends = 20;

    long started = System.nanoTime();
    int plainJobs =
        jobsOf(
            () -> {
              for (int append = 1; append <= appends; append++) {
                rows(1).write().format("delta").mode("append").save(plain);
              }
            });
    long plainNanos = System.nanoTime() - started;
    started = System.nanoTime();
    int onceJobs =
        jobsOf(
            () -> {
              for (int append = 1; append <= appends; append++) {
                DeltaWrites.appendOnce(rows(1), once, "writer", append);
              }
            });
    long onceNanos = System.nanoTime() - started;
    started = System.nanoTime();
    int skippedJobs =
        jobsOf(
            () -> {
              for (int append = 1; append <= appends; append++) {
                DeltaWrites.appendOnce(rows(1), once, "writer", append);
              }
            });
    long skippedNanos = System.nanoTime() - started;
    System.out.printf(
        "event=bench.append appends=%d plain_jobs=%d plain_ms=%d once_jobs=%d once_ms=%d"
            + " skipped_jobs=%d skipped_ms=%d%n",
        appends,
        plainJobs,
        plainNanos / 1_000_000,
        onceJobs,
        onceNanos / 1_000_000,
        skippedJobs,
        skippedNanos / 1_000_000);

    assertThat(onceJobs).isLessThanOrEqualTo(plainJobs + 3 * (appends + 1));
    assertThat(skippedJobs).isLessThanOrEqualTo(3);
    assertThat(spark.read().format("delta").load(once).count()).isEqualTo(appends + 1);
  }

  private int jobsOf(Runnable work) throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(listener);
    try {
      work.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return jobs.get();
  }

  private static List<Path> logFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
