package org.carelake.lake.internal.silver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.SparkSettings;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.silver.StandardFunctions;

/** The one local Spark session of this test JVM, with carelake's SQL functions registered. */
final class SparkTests {
  private SparkTests() {}

  static synchronized SparkSession spark() {
    try {
      SparkSession spark =
          LakeSession.getOrCreate(
              new SparkSettings("local[2]", 2), Files.createTempDirectory("carelake-spark-"));
      TerminologyFunctions.register(spark);
      StandardFunctions.register(spark);
      return spark;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String uri(Path folder) {
    return folder.toUri().toString();
  }
}
