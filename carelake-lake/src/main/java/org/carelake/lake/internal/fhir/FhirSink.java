package org.carelake.lake.internal.fhir;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.fhir.FhirType;
import org.carelake.lake.internal.DataSink;

/**
 * Writes the FHIR layer: one Delta table of every resource's latest version, partitioned by
 * resource type, with {@link #SCHEMA} ({@code resource_type, id, version_id, last_updated, json,
 * deleted, _run_id}).
 *
 * <p>Resources are merged on (type, id). A resource whose JSON changed gets the next version and a
 * new {@code last_updated}; an unchanged one is left as it is, so re-running a step changes
 * nothing. A resource whose silver row is gone is kept, marked deleted, with the next version, so
 * an export since an earlier time can list it as deleted.
 */
final class FhirSink implements DataSink {
  /** The columns of the FHIR layer. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          new StructField[] {
            DataTypes.createStructField("resource_type", DataTypes.StringType, false),
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("version_id", DataTypes.LongType, false),
            DataTypes.createStructField("last_updated", DataTypes.TimestampType, false),
            DataTypes.createStructField("json", DataTypes.StringType, false),
            DataTypes.createStructField("deleted", DataTypes.BooleanType, false),
            DataTypes.createStructField("_run_id", DataTypes.StringType, true)
          });

  private final SparkSession spark;
  private final String path;
  private final FhirType type;
  private final String runId;
  private final Instant at;

  /**
   * A sink writing one resource type's resources into the table at a path.
   *
   * @param spark the session
   * @param path the table's location ({@code LakePaths.fhirResources()})
   * @param type the resource type it writes
   * @param runId the run that writes them
   * @param at the time recorded as {@code last_updated}
   */
  FhirSink(SparkSession spark, String path, FhirType type, String runId, Instant at) {
    this.spark = spark;
    this.path = path;
    this.type = type;
    this.runId = runId;
    this.at = at;
  }

  /**
   * The resources of a mapped set that are new, changed, or were deleted and are back: those a
   * merge would write. Reads the table; no side effects.
   *
   * @param spark the session
   * @param path the table's location
   * @param mapped rows of {@link FhirStage#SCHEMA}, all of one resource type
   * @param type their resource type
   */
  static Dataset<Row> changed(SparkSession spark, String path, Dataset<Row> mapped, FhirType type) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return mapped;
    }
    Dataset<Row> stored =
        spark
            .read()
            .format("delta")
            .load(path)
            .where(owned(type).and(col("deleted").equalTo(false)))
            .select(col("id"), col("json"));
    return mapped.join(
        stored,
        mapped
            .col("id")
            .equalTo(stored.col("id"))
            .and(mapped.col("json").equalTo(stored.col("json"))),
        "left_anti");
  }

  /**
   * Merges resources into the table, creating it on first use: a new resource gets version 1, a
   * stored one whose JSON differs (or that was deleted) the next version.
   *
   * @param resources rows of {@link FhirStage#SCHEMA}, all of the sink's type, one per id
   * @return how many resources were inserted or updated
   */
  @Override
  public long write(Dataset<Row> resources) {
    Timestamp timestamp = Timestamp.from(at);
    Dataset<Row> source =
        resources.select(
            col("resource_type"),
            col("id"),
            lit(1L).as("version_id"),
            lit(timestamp).as("last_updated"),
            col("json"),
            lit(false).as("deleted"),
            lit(runId).as("_run_id"));
    if (!DeltaTable.isDeltaTable(spark, path)) {
      source.write().format("delta").partitionBy("resource_type").mode("append").save(path);
      return spark.read().format("delta").load(path).count();
    }
    Row metrics =
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(
                source.as("s"),
                "t.resource_type = '"
                    + type.resourceType()
                    + "' AND t.resource_type = s.resource_type AND t.id = s.id")
            .whenMatched("t.json <> s.json OR t.deleted")
            .updateExpr(
                Map.of(
                    "version_id", "t.version_id + 1",
                    "last_updated", "s.last_updated",
                    "json", "s.json",
                    "deleted", "false",
                    "_run_id", "s._run_id"))
            .whenNotMatched()
            .insertAll()
            .execute()
            .first();
    return metrics.<Long>getAs("num_updated_rows") + metrics.<Long>getAs("num_inserted_rows");
  }

  /**
   * Marks deleted every stored resource of the sink's type whose id is not among the live ones,
   * giving it the next version.
   *
   * @param liveIds one column {@code id}: the ids the silver table still has
   * @return how many resources were marked deleted
   */
  long markDeleted(Dataset<Row> liveIds) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return 0;
    }
    // A MERGE rewrites files and commits even when nothing matches: find the deleted ids first.
    Dataset<Row> stored =
        spark
            .read()
            .format("delta")
            .load(path)
            .where(owned(type).and(col("deleted").equalTo(false)))
            .select(col("id"));
    if (stored.join(liveIds, stored.col("id").equalTo(liveIds.col("id")), "left_anti").isEmpty()) {
      return 0;
    }
    String typeMatches = ownedSql(type);
    Row metrics =
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(liveIds.select(col("id")).as("s"), typeMatches + " AND t.id = s.id")
            .whenNotMatchedBySource(typeMatches + " AND NOT t.deleted")
            .update(deletion(at, runId))
            .execute()
            .first();
    return metrics.<Long>getAs("num_updated_rows");
  }

  /**
   * Marks deleted the stored resources of the sink's type with the given ids, giving each the next
   * version; ids not stored, or stored as deleted already, are left alone.
   *
   * @param ids one column {@code id}: the ids whose silver rows were deleted
   * @return how many resources were marked deleted
   */
  long markDeletedIds(Dataset<Row> ids) {
    if (!DeltaTable.isDeltaTable(spark, path) || ids.isEmpty()) {
      return 0;
    }
    Row metrics =
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(
                ids.select(col("id")).as("s"),
                "t.resource_type = '" + type.resourceType() + "' AND t.id = s.id")
            .whenMatched("NOT t.deleted")
            .update(deletion(at, runId))
            .execute()
            .first();
    return metrics.<Long>getAs("num_updated_rows");
  }

  /**
   * The stored resources of a type: those of its resource type whose ids carry its prefix, and not
   * the longer prefix of another type of the same resource type (two silver tables can feed one
   * resource type, such as laboratory results and vital signs feeding Observation).
   */
  static Column owned(FhirType type) {
    Column owned =
        col("resource_type")
            .equalTo(type.resourceType())
            .and(col("id").startsWith(type.idPrefix()));
    for (String other : type.longerIdPrefixes()) {
      owned = owned.and(not(col("id").startsWith(other)));
    }
    return owned;
  }

  /**
   * {@link #owned(FhirType)} as a merge condition on the target {@code t}. The prefixes are
   * constants of {@link FhirType} (letters and hyphens), so they are safe in SQL text.
   */
  private static String ownedSql(FhirType type) {
    StringBuilder sql =
        new StringBuilder("t.resource_type = '")
            .append(type.resourceType())
            .append("' AND startswith(t.id, '")
            .append(type.idPrefix())
            .append("')");
    for (String other : type.longerIdPrefixes()) {
      sql.append(" AND NOT startswith(t.id, '").append(other).append("')");
    }
    return sql.toString();
  }

  /** The columns a deletion sets: the next version, the time, the flag and the run. */
  private static Map<String, Column> deletion(Instant at, String runId) {
    return Map.of(
        "version_id", col("t.version_id").plus(1),
        "last_updated", lit(Timestamp.from(at)),
        "deleted", lit(true),
        "_run_id", lit(runId));
  }
}
