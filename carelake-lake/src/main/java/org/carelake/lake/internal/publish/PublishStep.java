package org.carelake.lake.internal.publish;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.carelake.config.ConfigKeys;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.gold.GoldStep;
import org.carelake.lake.internal.pipeline.Retry;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import scala.Option;

/**
 * Publishes one gold mart to the SQL database as {@code <publish.schema>.<mart>}, with its primary
 * key, indexes, comments and catalog row, in one transaction; see {@link JdbcPublisher}. A mart
 * whose gold table has not changed since it was last published is left as it is, except in a full
 * run. Transient database failures are retried ({@code run.retry-*}).
 */
public final class PublishStep implements Step {
  /** How a publish changed the published table. */
  public enum Mode {
    /** The published rows were replaced by gold's (or the table by a new one). */
    REPLACE,
    /** Gold's rows were merged by key: only differing rows were written or deleted. */
    MERGE;

    /** The mode as the catalog and the summary write it. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of its word. */
    static Mode of(String word) {
      return valueOf(word.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * A published table.
   *
   * @param table {@code schema.table}
   * @param rows the rows it holds
   * @param mode how it was published (for an unchanged mart, how it was last published)
   * @param changed rows inserted, updated or deleted
   * @param unchanged whether it was left as it was, its gold unchanged
   */
  public record Result(String table, long rows, Mode mode, long changed, boolean unchanged)
      implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of(
          "rows",
          rows,
          "merged",
          mode == Mode.MERGE ? 1 : 0,
          "changed",
          changed,
          "unchanged",
          unchanged ? 1 : 0);
    }

    @Override
    public String summary() {
      return Counts.format(rows)
          + " rows in "
          + table
          + (unchanged
              ? " (gold unchanged: not published again)"
              : " (" + mode.word() + ", " + Counts.format(changed) + " changed)");
    }
  }

  private final Lake lake;
  private final GoldMart mart;
  private final Supplier<JdbcEndpoint> target;

  /**
   * The step of a mart.
   *
   * @param lake the lake; the schema and merge threshold come from its configuration ({@code
   *     publish.schema}, {@code publish.merge-threshold-rows})
   * @param mart the mart
   * @param target the database to publish to, asked for when the step runs
   */
  public PublishStep(Lake lake, GoldMart mart, Supplier<JdbcEndpoint> target) {
    this.lake = lake;
    this.mart = mart;
    this.target = target;
  }

  @Override
  public StepName name() {
    return StepName.of("publish", mart.name());
  }

  @Override
  public List<StepName> dependsOn() {
    return List.of(StepName.of("gold", mart.name()));
  }

  @Override
  public String description() {
    return "publish gold/"
        + mart.name()
        + " with its key, comments and catalog row: replaced in one transaction, or merged by key"
        + " above publish.merge-threshold-rows";
  }

  @Override
  public String label() {
    return "publish " + lake.config().publishSchema() + "." + mart.name();
  }

  @Override
  public Result run(RunContext context) {
    SparkSession spark = lake.spark();
    String path = lake.paths().gold(mart.name());
    Snapshot snapshot =
        DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
    Dataset<Row> rows = spark.read().format("delta").load(path);
    JdbcPublisher.Gold gold =
        new JdbcPublisher.Gold(
            mart,
            rows,
            snapshot.metadata().id() + "@" + snapshot.version(),
            Instant.ofEpochMilli(snapshot.timestamp()),
            GoldStep.builtFrom(lake, mart));
    JdbcEndpoint database = target.get();
    JdbcPublisher publisher = new JdbcPublisher(database.url(), database.properties());
    return Retry.onTransientFailure(
        "publishing " + mart.name(),
        lake.config().run(),
        () ->
            publisher.publish(
                gold,
                lake.config().publishSchema(),
                lake.config().get(ConfigKeys.PUBLISH_MERGE_THRESHOLD_ROWS),
                context.full() ? JdbcPublisher.Refresh.ALWAYS : JdbcPublisher.Refresh.IF_CHANGED));
  }
}
