package org.carelake.lake.internal.fhir;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.carelake.fhir.FhirType;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.ChangeFeed;
import org.carelake.lake.internal.DeltaState;
import org.carelake.lake.internal.DeltaWrites;

/**
 * Brings the FHIR layer of one resource type up to date with its silver table, in one call per type
 * and run.
 *
 * <p>Incremental: the sync remembers the silver version it last brought the layer to ({@code
 * fhir/_sync/<layer name>.json}, see {@link FhirType#layerName()}) and reads only the changes
 * since, from the silver table's change data feed ({@code delta.enableChangeDataFeed}, which {@link
 * org.carelake.lake.internal.silver.SilverSink} turns on): rows inserted or updated are mapped
 * ({@link FhirStage}), rows deleted mark their resources deleted. A silver table that did not
 * change is not read at all. The whole table is mapped instead on the first sync, when asked
 * ({@code full}, as {@code carelake run --full} does, so a new version of the mappings reaches
 * every resource), and when the changes cannot be read (a table written before its change feed was
 * on, or replaced since).
 *
 * <p>Either way only the resources whose JSON changed are validated ({@link FhirValidationStage},
 * the expensive part) and merged ({@link FhirSink}). Findings are appended to {@code fhir/findings}
 * with the run id, once per run ({@link DeltaWrites#appendOnce}). Re-running it for the same run
 * changes nothing; a crash between the merge and the saved position only makes the next sync read
 * some changes again, which the merge leaves as they are.
 */
public final class FhirSync {
  private final SparkSession spark;
  private final LakeFiles files;
  private final LakePaths paths;
  private final double validationSample;

  /**
   * What one sync did.
   *
   * @param mapped resources mapped from silver
   * @param written resources inserted or given a new version
   * @param deleted resources marked deleted
   * @param validated resources validated (the sample of those written)
   * @param errors validation findings of error severity
   * @param warnings validation findings of warning severity
   */
  public record Counts(
      long mapped, long written, long deleted, long validated, long errors, long warnings) {}

  /**
   * Where the layer of one resource type stands: the silver table (its Delta table id, so a
   * replaced table is noticed) and version it was last synced with.
   *
   * @param silverTableId the silver table's id
   * @param silverVersion the silver version the layer reflects
   * @param runId the run that synced it
   */
  record Position(String silverTableId, long silverVersion, String runId) {}

  /**
   * A sync over a lake.
   *
   * @param spark the session
   * @param files the lake's file system, for the saved positions
   * @param paths the lake
   * @param validationSample the fraction of written resources to validate, 0 to 1
   */
  public FhirSync(SparkSession spark, LakeFiles files, LakePaths paths, double validationSample) {
    this.spark = spark;
    this.files = files;
    this.paths = paths;
    this.validationSample = validationSample;
  }

  /** Whether the silver table a resource type comes from exists. */
  public boolean hasSilver(FhirType type) {
    return DeltaTable.isDeltaTable(spark, paths.silver(type.silverEntity()));
  }

  /**
   * Syncs one resource type with the changes of its silver table since the last sync.
   *
   * @param type the resource type; its silver table must exist ({@link #hasSilver(FhirType)})
   * @param runId the run
   * @param sequence the run's sequence number, for idempotent appends
   * @return what it did
   */
  public Counts sync(FhirType type, String runId, long sequence) {
    return sync(type, runId, sequence, false);
  }

  /**
   * Syncs one resource type.
   *
   * @param type the resource type; its silver table must exist ({@link #hasSilver(FhirType)})
   * @param runId the run
   * @param sequence the run's sequence number, for idempotent appends
   * @param full map the whole silver table, not only its changes since the last sync
   * @return what it did
   */
  public Counts sync(FhirType type, String runId, long sequence, boolean full) {
    String silverPath = paths.silver(type.silverEntity());
    DeltaState state = DeltaState.of(spark, silverPath);
    String tableId = state.tableId();
    long version = state.version();
    Optional<Position> last =
        full ? Optional.empty() : files.readJson(positionPath(type), Position.class);
    boolean continues =
        last.isPresent()
            && last.get().silverTableId().equals(tableId)
            && last.get().silverVersion() <= version
            && DeltaTable.isDeltaTable(spark, paths.fhirResources());
    Counts counts;
    if (continues && last.get().silverVersion() == version) {
      counts = new Counts(0, 0, 0, 0, 0, 0);
    } else {
      Optional<Changes> changes =
          continues && state.changeDataFeed()
              ? changes(type, silverPath, last.get().silverVersion() + 1, version)
              : Optional.empty();
      if (changes.isPresent()) {
        try {
          counts =
              apply(type, changes.get().upserts(), changes.get().deletedIds(), runId, sequence);
        } finally {
          changes.get().latest().unpersist();
        }
      } else {
        Dataset<Row> silver =
            spark.read().format("delta").option("versionAsOf", version).load(silverPath);
        counts = apply(type, silver, null, runId, sequence);
      }
    }
    files.writeJsonAtomically(positionPath(type), new Position(tableId, version, runId));
    return counts;
  }

  /**
   * The rows of a silver table inserted or updated, and the ids deleted, in a range of versions.
   */
  private record Changes(Dataset<Row> latest, Dataset<Row> upserts, Dataset<Row> deletedIds) {}

  /**
   * Reads a silver table's changes from its change data feed, the last change of each key only.
   * Empty when the feed does not cover the range (versions written before it was turned on).
   */
  private Optional<Changes> changes(FhirType type, String path, long from, long to) {
    Optional<Dataset<Row>> feed = ChangeFeed.read(spark, path, from, to);
    if (feed.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> latest =
        feed.get()
            .where(col("_change_type").notEqual("update_preimage"))
            .withColumn(
                "_change_rank",
                row_number()
                    .over(
                        Window.partitionBy(col(type.keyColumn()))
                            .orderBy(col("_commit_version").desc())))
            .where(col("_change_rank").equalTo(1))
            .persist();
    try {
      latest.count();
    } catch (Exception e) {
      latest.unpersist();
      if (ChangeFeed.notRecorded(e)) {
        return Optional.empty();
      }
      throw e;
    }
    Dataset<Row> upserts =
        latest
            .where(col("_change_type").notEqual("delete"))
            .drop("_change_type", "_commit_version", "_commit_timestamp", "_change_rank");
    Dataset<Row> deletedIds =
        latest.where(col("_change_type").equalTo("delete")).select(idOf(type).as("id"));
    return Optional.of(new Changes(latest, upserts, deletedIds));
  }

  /**
   * Maps, validates and merges silver rows; marks deleted the given ids, or, when {@code
   * deletedIds} is null ({@code silver} is then the whole table), every stored id silver lacks.
   */
  private Counts apply(
      FhirType type, Dataset<Row> silver, Dataset<Row> deletedIds, String runId, long sequence) {
    Dataset<Row> mapped = new FhirStage(type).apply(silver);
    Dataset<Row> changed = FhirSink.changed(spark, paths.fhirResources(), mapped, type).persist();
    try {
      long mappedCount = silver.count();
      // Materialize the changed set before the merge rewrites the table it was compared with.
      long changedCount = changed.count();
      FhirValidationStage validation = new FhirValidationStage(validationSample);
      long validated =
          validationSample <= 0 || changedCount == 0
              ? 0
              : validationSample >= 1 ? changedCount : validation.sampled(changed).count();
      long errors = 0;
      long warnings = 0;
      if (validated > 0) {
        Dataset<Row> findings = validation.apply(changed).persist();
        try {
          for (Row severity : findings.groupBy("severity").count().collectAsList()) {
            if ("error".equals(severity.getString(0))) {
              errors = severity.getLong(1);
            } else if ("warning".equals(severity.getString(0))) {
              warnings = severity.getLong(1);
            }
          }
          DeltaWrites.appendOnce(
              findings.withColumn("_run_id", lit(runId)),
              paths.fhirFindings(),
              "carelake-fhir-findings-" + type.layerName().toLowerCase(Locale.ROOT),
              sequence);
        } finally {
          findings.unpersist();
        }
      }
      FhirSink sink = new FhirSink(spark, paths.fhirResources(), type, runId, Instant.now());
      long written = changedCount == 0 ? 0 : sink.write(changed);
      long deleted =
          deletedIds == null
              ? sink.markDeleted(silver.select(idOf(type).as("id")))
              : sink.markDeletedIds(deletedIds);
      return new Counts(mappedCount, written, deleted, validated, errors, warnings);
    } finally {
      changed.unpersist();
    }
  }

  /** The resource id of a silver row: the type's id prefix and the business key. */
  private static Column idOf(FhirType type) {
    return concat(lit(type.idPrefix()), col(type.keyColumn()));
  }

  private String positionPath(FhirType type) {
    return paths.fhirSync() + "/" + type.layerName() + ".json";
  }
}
