package org.carelake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.SparkSettings;
import org.carelake.lake.internal.LakeSession;

/** The one local Spark session of the lake module's test JVM, with two cores and partitions. */
public final class TestSpark {
  private TestSpark() {}

  /** The session, started on first use (about 3 s). */
  public static SparkSession session() {
    try {
      Path scratch = Files.createTempDirectory("carelake-spark-test");
      return LakeSession.getOrCreate(new SparkSettings("local[2]", 2), scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
