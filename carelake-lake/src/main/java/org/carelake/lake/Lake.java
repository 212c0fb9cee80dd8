package org.carelake.lake;

import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.audit.AuditActor;
import org.carelake.lake.audit.AuditTrail;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.run.RunHistory;

/**
 * The handle to one lake, made once per process and passed down, in the manner of Delta Kernel's
 * {@code Engine}: the configuration, the Spark session (started on first use), the lake's files
 * through the pipeline's Hadoop configuration, its paths, its run history and its lock.
 *
 * <p>Commands that only read files (status, runs, data-quality reports) never start Spark, yet
 * reach the same file systems as a run: without a session the Hadoop configuration is built from
 * the JVM's {@code spark.hadoop.*} properties (as {@code spark-submit --conf} passes them), the way
 * Spark builds its own.
 */
public final class Lake {
  private static final String HADOOP_PREFIX = "spark.hadoop.";

  private final CarelakeConfig config;
  private final LakePaths paths;
  private volatile SparkSession spark;
  private volatile LakeFiles files;

  private Lake(CarelakeConfig config) {
    this.config = config;
    this.paths = LakePaths.of(config.lakeUri());
  }

  /**
   * The handle to the configured lake. Cheap: nothing starts until a getter needs it.
   *
   * @param config the configuration ({@code lake.uri}, Spark settings, the data folder)
   */
  public static Lake open(CarelakeConfig config) {
    return new Lake(config);
  }

  /** The configuration the lake was opened with. */
  public CarelakeConfig config() {
    return config;
  }

  /** Where every table and file of the lake lives. */
  public LakePaths paths() {
    return paths;
  }

  /**
   * The process's Spark session with Delta Lake, started on first call (about 3 s). Once it runs,
   * {@link #files()} uses its Hadoop configuration.
   */
  public SparkSession spark() {
    if (spark == null) {
      synchronized (this) {
        if (spark == null) {
          spark = LakeSession.getOrCreate(config.spark(), config.dataDir().resolve("spark"));
          files = new LakeFiles(spark.sparkContext().hadoopConfiguration());
        }
      }
    }
    return spark;
  }

  /** Whether the Spark session was started through this handle. */
  public boolean sparkStarted() {
    return spark != null;
  }

  /** The lake's plain files (raw zone, manifests, run history, state files). */
  public LakeFiles files() {
    if (files == null) {
      synchronized (this) {
        if (files == null) {
          files = new LakeFiles(hadoopConfiguration(System.getProperties()));
        }
      }
    }
    return files;
  }

  /** The run history of the lake. */
  public RunHistory history() {
    return new RunHistory(files(), paths);
  }

  /**
   * The audit trail of the lake, its entries recorded as this process's user ({@link
   * AuditActor#local}).
   */
  public AuditTrail audit() {
    return new AuditTrail(files(), paths, AuditActor.local(config));
  }

  /**
   * Takes the lake's lock for one writer, waiting up to {@code run.lock-timeout}.
   *
   * @param holder what holds it, shown to a writer that must wait (e.g. {@code carelake run})
   */
  public LakeLock lock(String holder) {
    Duration timeout = config.run().lockTimeout();
    return LakeLock.acquire(files(), paths, holder, timeout);
  }

  /**
   * A Hadoop configuration with the {@code spark.hadoop.*} entries of the given properties, their
   * prefix removed, as Spark's own {@code SparkHadoopUtil} builds it.
   */
  static Configuration hadoopConfiguration(Map<Object, Object> properties) {
    Configuration configuration = new Configuration();
    properties.forEach(
        (key, value) -> {
          String name = String.valueOf(key);
          if (name.startsWith(HADOOP_PREFIX) && name.length() > HADOOP_PREFIX.length()) {
            configuration.set(name.substring(HADOOP_PREFIX.length()), String.valueOf(value));
          }
        });
    return LakeFiles.ownerOnly(configuration);
  }
}
