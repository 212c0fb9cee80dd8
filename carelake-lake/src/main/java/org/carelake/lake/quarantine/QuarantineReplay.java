package org.carelake.lake.quarantine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.carelake.core.Errors;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.DeltaWrites;
import org.carelake.lake.internal.silver.SilverSink;
import org.carelake.lake.internal.silver.SilverStage;
import org.carelake.lake.silver.SilverEntity;

/**
 * Re-processes quarantined rows after the source or a rule was fixed.
 *
 * <p>For each EHR entity with open quarantined rows, it takes the <em>current</em> version of each
 * quarantined key from bronze: the newest version of the key (by source time, a deletion winning a
 * tie, then extraction time), which is the quarantined row itself when nothing newer arrived, or a
 * corrected row a later run extracted. It validates those versions with the entity's rules as they
 * are now ({@link SilverStage}), merges the ones that pass into silver ({@link SilverSink}: a
 * version never replaces a newer one, so a replay cannot move silver back in time), and records
 * each quarantined row of a passing key in {@code quarantine/releases} with its resolution:
 *
 * <ul>
 *   <li>{@code passed}: the quarantined version itself passes now (a rule was fixed);
 *   <li>{@code superseded}: a newer version passes (the source was fixed);
 *   <li>{@code deleted}: the key's newest version is a deletion.
 * </ul>
 *
 * <p>The quarantine table is never changed: it stays the append-only record of what was rejected,
 * and a row counts as open while no release names it. Rows whose current version still fails stay
 * open. The counts reconcile: rows replayed = rows released + rows still open, checked before
 * anything is written.
 *
 * <p>Quarantined HL7 messages ({@code hl7.messages}) are not replayed here (they are re-sent
 * through the HL7 inbox), nor rows of a table whose bronze is missing; {@link Result#notReplayed}
 * counts them. Idempotent: a replay interrupted after the silver merge merges the same versions
 * again (a no-op) and then records the releases.
 */
public final class QuarantineReplay {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final LakePaths paths;

  /**
   * A replay on one lake.
   *
   * @param spark the session, with the terminology functions registered
   * @param paths the lake
   */
  public QuarantineReplay(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  /**
   * What a replay did to one table.
   *
   * @param table the source table, such as {@code ehr.diagnoses}
   * @param replayed open quarantined rows re-processed
   * @param released of those, rows released (their key's current version passed)
   * @param stillQuarantined rows left open
   * @param merged current versions merged into silver (one per released key)
   */
  public record TableResult(
      String table, long replayed, long released, long stillQuarantined, long merged) {}

  /**
   * What a replay did.
   *
   * @param replayId the replay's id, {@code replay-<time>}, as the releases table records it
   * @param tables per table with open rows
   * @param notReplayed open rows of sources a replay does not cover (HL7 messages)
   */
  public record Result(String replayId, List<TableResult> tables, long notReplayed) {}

  /**
   * Replays the open quarantined rows of every entity, or of one table.
   *
   * @param entities the EHR silver entities
   * @param table only this table ({@code diagnoses} or {@code ehr.diagnoses}), or all when empty
   * @return what was replayed and released
   * @throws org.carelake.core.CarelakeException when the counts of a table do not reconcile
   */
  public Result replay(List<SilverEntity> entities, Optional<String> table) {
    Instant now = Instant.now();
    String replayId = "replay-" + ID_TIME.format(now);
    Dataset<Row> all = new QuarantineSource(spark, paths).withReleases();
    if (all.columns().length == 0) {
      return new Result(replayId, List.of(), 0);
    }
    Dataset<Row> open = all.where(col("replay_id").isNull()).persist();
    try {
      List<TableResult> results = new ArrayList<>();
      long covered = 0;
      for (SilverEntity entity : entities) {
        if (table.isPresent() && !matches(entity, table.get())) {
          continue;
        }
        if (!hasBronze(entity)) {
          continue;
        }
        Dataset<Row> rows = open.where(col("source_table").equalTo(entity.sourceTable()));
        long replayed = rows.count();
        covered += replayed;
        if (replayed > 0) {
          results.add(replay(entity, rows, replayed, replayId, now.toEpochMilli()));
        }
      }
      long notReplayed = table.isPresent() ? 0 : open.count() - covered;
      return new Result(replayId, results, notReplayed);
    } finally {
      open.unpersist();
    }
  }

  private static boolean matches(SilverEntity entity, String table) {
    return entity.sourceTable().equals(table) || entity.sourceTable().endsWith("." + table);
  }

  private TableResult replay(
      SilverEntity entity, Dataset<Row> quarantined, long replayed, String replayId, long version) {
    String sourceTable = entity.sourceTable().substring(entity.sourceTable().indexOf('.') + 1);
    Dataset<Row> keys = quarantined.select(col("source_key").as("_key")).distinct();
    Dataset<Row> bronze =
        spark.read().format("delta").load(paths.bronze(LakePaths.EHR, sourceTable));
    Dataset<Row> current =
        bronze
            .join(keys, bronze.col("_source_key").equalTo(keys.col("_key")), "left_semi")
            .withColumn(
                "_replay_version",
                row_number()
                    .over(
                        Window.partitionBy(col("_source_key"))
                            .orderBy(
                                expr("try_cast(updated_at AS TIMESTAMP)").desc_nulls_last(),
                                when(col("_operation").equalTo("delete"), 1).otherwise(0).desc(),
                                col("_extracted_at").desc_nulls_last())))
            .where(col("_replay_version").equalTo(1))
            .drop("_replay_version");
    SilverStage stage = new SilverStage(entity);
    Dataset<Row> validated = stage.validate(current).persist();
    try {
      Dataset<Row> passing =
          validated
              .where(size(col("_errors")).equalTo(0))
              .select(
                  col("_source_key").as("key"),
                  col("_run_id").as("current_run_id"),
                  col("_deleted").as("deleted"));
      Dataset<Row> releases =
          quarantined
              .join(passing, quarantined.col("source_key").equalTo(passing.col("key")))
              .select(
                  col("source_table"),
                  col("source_key"),
                  col("source_position"),
                  col("run_id"),
                  when(col("deleted"), lit("deleted"))
                      .when(col("current_run_id").equalTo(col("run_id")), lit("passed"))
                      .otherwise(lit("superseded"))
                      .as("resolution"),
                  col("current_run_id"),
                  lit(replayId).as("replay_id"),
                  current_timestamp().as("released_at"))
              .persist();
      try {
        long released = releases.count();
        long merged = passing.count();
        long stillQuarantined =
            quarantined
                .join(
                    passing, quarantined.col("source_key").equalTo(passing.col("key")), "left_anti")
                .count();
        if (released + stillQuarantined != replayed) {
          throw Errors.replayDoesNotReconcile(
              entity.sourceTable(), replayed, released, stillQuarantined);
        }
        if (merged > 0) {
          new SilverSink(spark, paths.silver(entity.name()), entity.keyColumn())
              .write(stage.upserts(validated));
          DeltaWrites.appendOnce(
              releases,
              paths.quarantineReleases(),
              "carelake-quarantine-release-" + entity.name(),
              version);
        }
        return new TableResult(entity.sourceTable(), replayed, released, stillQuarantined, merged);
      } finally {
        releases.unpersist();
      }
    } finally {
      validated.unpersist();
    }
  }

  /** Whether the lake has a bronze table for an entity (a replay reads it). */
  private boolean hasBronze(SilverEntity entity) {
    String sourceTable = entity.sourceTable().substring(entity.sourceTable().indexOf('.') + 1);
    return DeltaTable.isDeltaTable(spark, paths.bronze(LakePaths.EHR, sourceTable));
  }
}
