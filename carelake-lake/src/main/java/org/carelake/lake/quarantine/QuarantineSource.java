package org.carelake.lake.quarantine;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.lake.LakePaths;

/**
 * Reads the quarantine ({@code quarantine/records}) with the releases replays recorded ({@code
 * quarantine/releases}).
 */
public final class QuarantineSource {
  /** The columns of the releases table. */
  public static final StructType RELEASES =
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

  private List<QuarantineEntry> read(QuarantineFilter filter, Column record) {
    Dataset<Row> rows = withReleases();
    if (rows.columns().length == 0) {
      return List.of();
    }
    if (filter.scope() == QuarantineFilter.Scope.OPEN) {
      rows = rows.where(col("replay_id").isNull());
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
