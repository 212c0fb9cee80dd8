package org.carelake.lake.internal;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.SparkSettings;
import org.carelake.lake.LakeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Spark session a carelake process uses, with Delta Lake enabled.
 *
 * <p>A session costs about 3 s to start and the first Delta write about 5 s more, so it is shared
 * per JVM. Under {@code spark-submit} or a Databricks JAR task the master comes from the cluster
 * and {@code spark.master} in carelake's configuration is ignored.
 */
public final class LakeSession {
  private static final Logger LOG = LoggerFactory.getLogger(LakeSession.class);

  private static SparkSession session;

  private LakeSession() {}

  /**
   * Returns the process's session, creating it on first use.
   *
   * @param settings master and shuffle partitions
   * @param scratch a local folder for Spark's scratch files and warehouse
   */
  public static synchronized SparkSession getOrCreate(SparkSettings settings, Path scratch) {
    if (session != null && !session.sparkContext().isStopped()) {
      return session;
    }
    long started = System.nanoTime();
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("carelake")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.shuffle.partitions", settings.shufflePartitions())
            .config("spark.default.parallelism", Math.max(2, settings.shufflePartitions()))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString())
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.debug.maxToStringFields", "500")
            // Delta's default of 50 snapshot partitions drowns small tables in task overhead.
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
            // Spark keeps 100 compiled classes by default; one pipeline run plans more than that
            // (each entity's rules, merges, FHIR, gold), so the next run compiled them all again.
            .config("spark.sql.codegen.cache.maxEntries", "2000")
            // Lake files hold patient data: owner-only unless the configuration says otherwise.
            .config(
                "spark.hadoop." + LakeFiles.UMASK,
                System.getProperty("spark.hadoop." + LakeFiles.UMASK, LakeFiles.OWNER_ONLY));
    if (System.getProperty("spark.master") == null) {
      builder
          .master(settings.master())
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    session = builder.getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    LOG.info(
        "event=spark.ready master={} ms={}",
        session.sparkContext().master(),
        (System.nanoTime() - started) / 1_000_000);
    return session;
  }
}
