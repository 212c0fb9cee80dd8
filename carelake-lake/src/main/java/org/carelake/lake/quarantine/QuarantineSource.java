package org.carelake.lake.quarantine;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.LakePaths;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;

/**
 * Reads the quarantine ({@code quarantine/records}) with the releases replays recorded ({@code
 * quarantine/releases}).
 *
 * <p>A quarantined row is open until a replay releases it or a later run lets its key into silver
 * (the source fixed the record, and the next extract carried the fix): silver's row for the key
 * then carries a run id after the quarantine's. The backlog counts open keys (distinct source table
 * and business key), not rows, since a record quarantined again in every run it changes is one
 * problem.
 */
public final class QuarantineSource {
  /** The columns of the releases table. */
  static final StructType RELEASES =
      new StructType()
          .add("source_table", DataTypes.StringType)
          .add("source_key", DataTypes.StringType)
          .add("source_position", DataTypes.StringType)
          .add("run_id", DataTypes.StringType)
          .add("resolution", DataTypes.StringType)
          .add("current_run_id", DataTypes.StringType)
          .add("replay_id", DataTypes.StringType)
          .add("released_at", DataTypes.TimestampType);

  private final SparkSession spark;
  private final LakePaths paths;

  /**
   * A source over one lake.
   *
   * @param spark the session
   * @param paths the lake
   */
  public QuarantineSource(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  /**
   * Every quarantined row with its release columns ({@code replay_id}, {@code released_at}, null
   * while open); empty, with no columns, when nothing was ever quarantined.
   */
  public Dataset<Row> withReleases() {
    if (!DeltaTable.isDeltaTable(spark, paths.quarantine())) {
      return spark.emptyDataFrame();
    }
    Dataset<Row> records = spark.read().format("delta").load(paths.quarantine());
    Dataset<Row> releases =
        DeltaTable.isDeltaTable(spark, paths.quarantineReleases())
            ? spark.read().format("delta").load(paths.quarantineReleases())
            : spark.createDataFrame(List.of(), RELEASES);
    return records
        .as("q")
        .join(
            releases
                .select("source_table", "source_position", "run_id", "replay_id", "released_at")
                .as("r"),
            col("q.source_table")
                .equalTo(col("r.source_table"))
                .and(col("q.source_position").equalTo(col("r.source_position")))
                .and(col("q.run_id").equalTo(col("r.run_id"))),
            "left")
        .select(col("q.*"), col("r.replay_id"), col("r.released_at"));
  }

  /**
   * Lists quarantined rows without their records: rule ids, reasons, positions and runs only.
   *
   * @param filter which rows
   * @return the rows, newest first
   */
  public List<QuarantineEntry> list(QuarantineFilter filter) {
    return read(filter, lit(null).cast(DataTypes.StringType));
  }

  /**
   * Lists quarantined rows with each record as received. The records are patient data: show them
   * only to people allowed to see it, and never log them.
   *
   * @param filter which rows
   * @return the rows, newest first
   */
  public List<QuarantineEntry> listWithRecords(QuarantineFilter filter) {
    return read(filter, col("record"));
  }

  /**
   * The quarantined rows that are still open: not released by a replay, and whose key no later run
   * let into silver. Columns as {@link #withReleases()}; empty, with no columns, when nothing was
   * ever quarantined.
   */
  public Dataset<Row> open() {
    Dataset<Row> rows = withReleases();
    if (rows.columns().length == 0) {
      return rows;
    }
    Dataset<Row> unreleased = rows.where(col("replay_id").isNull());
    Optional<Dataset<Row>> silver = silverKeys();
    if (silver.isEmpty()) {
      return unreleased;
    }
    Dataset<Row> keys = silver.get();
    return unreleased
        .as("q")
        .join(
            keys.as("s"),
            col("q.source_table")
                .equalTo(col("s.silver_source_table"))
                .and(col("q.source_key").equalTo(col("s.silver_key")))
                .and(col("s.silver_run_id").gt(col("q.run_id"))),
            "left_anti");
  }

  /**
   * Counts the quarantine by rows and by keys.
   *
   * @return the counts; all zero when nothing was ever quarantined
   */
  public Backlog backlog() {
    Dataset<Row> rows = withReleases();
    if (rows.columns().length == 0) {
      return new Backlog(0, 0, 0, 0);
    }
    rows = rows.persist();
    try {
      long quarantined = rows.count();
      long released = rows.where(col("replay_id").isNotNull()).count();
      Dataset<Row> open = open();
      long openRows = open.count();
      long openKeys = open.select(col("source_table"), col("source_key")).distinct().count();
      return new Backlog(quarantined, released, quarantined - released - openRows, openKeys);
    } finally {
      rows.unpersist();
    }
  }

  /**
   * The quarantine's counts.
   *
   * @param quarantined rows ever quarantined
   * @param released of those, rows a replay let into silver since
   * @param fixedLater of those, rows whose key a later run let into silver (the source fixed it)
   * @param openKeys distinct source table and business key of the rows still open
   */
  public record Backlog(long quarantined, long released, long fixedLater, long openKeys) {}

  /**
   * Every key silver holds, per EHR entity, with the run that last wrote it: {@code
   * silver_source_table}, {@code silver_key} (as text, as the quarantine records keys) and {@code
   * silver_run_id}. Empty when no silver table exists yet.
   */
  private Optional<Dataset<Row>> silverKeys() {
    Dataset<Row> keys = null;
    for (SilverEntity entity : EhrEntities.ALL) {
      String path = paths.silver(entity.name());
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      Dataset<Row> table =
          spark
              .read()
              .format("delta")
              .load(path)
              .select(
                  lit(entity.sourceTable()).as("silver_source_table"),
                  col(entity.keyColumn()).cast(DataTypes.StringType).as("silver_key"),
                  col("_run_id").as("silver_run_id"));
      keys = keys == null ? table : keys.unionByName(table);
    }
    return Optional.ofNullable(keys);
  }

  private List<QuarantineEntry> read(QuarantineFilter filter, Column record) {
    Dataset<Row> rows = filter.scope() == QuarantineFilter.Scope.OPEN ? open() : withReleases();
    if (rows.columns().length == 0) {
      return List.of();
    }
    if (filter.rule().isPresent()) {
      rows = rows.where(array_contains(col("rule_ids"), filter.rule().get()));
    }
    if (filter.table().isPresent()) {
      String table = filter.table().get();
      rows =
          rows.where(
              col("source_table").equalTo(table).or(col("source_table").endsWith("." + table)));
    }
    if (filter.run().isPresent()) {
      rows = rows.where(col("run_id").equalTo(filter.run().get()));
    }
    List<QuarantineEntry> entries = new ArrayList<>();
    for (Row row :
        rows.orderBy(col("quarantined_at").desc(), col("source_position"))
            .limit(filter.limit())
            .select(
                col("source_table"),
                col("source_position"),
                col("run_id"),
                col("quarantined_at").cast("string"),
                col("rule_ids"),
                col("reasons"),
                col("replay_id"),
                col("released_at").cast("string"),
                record)
            .collectAsList()) {
      entries.add(
          new QuarantineEntry(
              row.getString(0),
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getList(4),
              row.getList(5),
              row.getString(6),
              row.getString(7),
              row.getString(8)));
    }
    return entries;
  }
}
