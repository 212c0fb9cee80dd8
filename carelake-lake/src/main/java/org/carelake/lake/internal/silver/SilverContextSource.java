package org.carelake.lake.internal.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.LakePaths;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.Lookup;
import org.carelake.lake.silver.Reference;
import org.carelake.lake.silver.SilverEntity;

/**
 * Gathers what a silver stage reads besides its bronze increment (a {@link SilverContext}) from the
 * lake: the keys each parent entity has received (in silver, in quarantine or waiting), the lookups
 * of cross-entity rules, and the entity's rows held by earlier runs.
 *
 * <p>Side effects: registers the temporary views the lookups read ({@code silver_<entity>}, {@code
 * increment_<entity>}). Reads only.
 */
final class SilverContextSource {
  private final SparkSession spark;
  private final LakePaths paths;
  private final ZoneId zone;

  /**
   * A source over one lake.
   *
   * @param spark the session
   * @param paths the lake
   * @param sourceTimeZone the zone of the source's wall-clock times, for typing increments
   */
  public SilverContextSource(SparkSession spark, LakePaths paths, ZoneId sourceTimeZone) {
    this.spark = spark;
    this.paths = paths;
    this.zone = sourceTimeZone;
  }

  /**
   * The context of one entity's silver step.
   *
   * @param entity the entity
   * @param runId the run, to read the pending rows as they were before it
   * @param asOf the run's time
   * @param gracePeriod how long a row may wait for its parent
   * @param bronzeIncrement the run's bronze rows of a source table, when it has any
   */
  public SilverContext context(
      SilverEntity entity,
      String runId,
      Instant asOf,
      Duration gracePeriod,
      Function<String, Optional<Dataset<Row>>> bronzeIncrement) {
    Map<String, Dataset<Row>> known = new LinkedHashMap<>();
    for (Reference reference : entity.references()) {
      known.computeIfAbsent(reference.parent(), this::knownKeys);
    }
    Map<String, Dataset<Row>> lookups = new LinkedHashMap<>();
    for (Lookup lookup : entity.lookups()) {
      boolean ready = true;
      for (String name : lookup.reads()) {
        ready &= registerViews(name, bronzeIncrement);
      }
      if (ready) {
        lookups.put(lookup.name(), spark.sql(lookup.sql()));
      }
    }
    Dataset<Row> pending =
        new PendingSource(spark).before(paths.pending(entity.name()), runId).orElse(null);
    return new SilverContext(known, lookups, pending, asOf, gracePeriod);
  }

  /** The keys of an entity the lake has received: in silver, in quarantine, or waiting. */
  Dataset<Row> knownKeys(String entityName) {
    SilverEntity parent =
        EhrEntities.named(entityName)
            .orElseThrow(() -> new IllegalArgumentException("No silver entity " + entityName));
    List<Dataset<Row>> parts = new ArrayList<>();
    silver(entityName).ifPresent(rows -> parts.add(rows.select(col(parent.keyColumn()).as("key"))));
    if (DeltaTable.isDeltaTable(spark, paths.quarantine())) {
      parts.add(
          spark
              .read()
              .format("delta")
              .load(paths.quarantine())
              .where(col("source_table").equalTo(parent.sourceTable()))
              .select(col("source_key").cast(DataTypes.LongType).as("key")));
    }
    new PendingSource(spark)
        .latest(paths.pending(entityName))
        .ifPresent(
            rows -> parts.add(rows.select(col("_source_key").cast(DataTypes.LongType).as("key"))));
    Dataset<Row> keys =
        spark.createDataFrame(List.of(), new StructType().add("key", DataTypes.LongType));
    for (Dataset<Row> part : parts) {
      keys = keys.unionByName(part);
    }
    return keys.where(col("key").isNotNull());
  }

  /** Registers silver_<entity> and increment_<entity>; false when neither has any data. */
  private boolean registerViews(
      String entityName, Function<String, Optional<Dataset<Row>>> bronzeIncrement) {
    SilverEntity entity =
        EhrEntities.named(entityName)
            .orElseThrow(() -> new IllegalArgumentException("No silver entity " + entityName));
    Optional<Dataset<Row>> silver = silver(entityName);
    Optional<Dataset<Row>> increment =
        bronzeIncrement
            .apply(entity.table())
            .map(rows -> new SilverStage(entity, zone).typed(rows));
    if (silver.isEmpty() && increment.isEmpty()) {
      return false;
    }
    List<Column> columns = new ArrayList<>();
    entity.typedColumns().keySet().forEach(name -> columns.add(col(name)));
    Dataset<Row> silverView =
        silver.orElseGet(() -> increment.get().select(columns.toArray(Column[]::new)).limit(0));
    Dataset<Row> incrementView =
        increment.orElseGet(() -> silverView.withColumn("_deleted", lit(false)).limit(0));
    silverView.createOrReplaceTempView("silver_" + entityName);
    incrementView.createOrReplaceTempView("increment_" + entityName);
    return true;
  }

  private Optional<Dataset<Row>> silver(String entityName) {
    String path = paths.silver(entityName);
    return DeltaTable.isDeltaTable(spark, path)
        ? Optional.of(spark.read().format("delta").load(path))
        : Optional.empty();
  }
}
