package org.carelake.lake.publish;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.Retry;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;

/**
 * Replaces the published table of one gold mart in the SQL database, in one transaction; see {@link
 * JdbcPublisher}. Transient database failures are retried ({@code run.retry-*}).
 */
public final class PublishStep implements Step {
  /**
   * A published table.
   *
   * @param rows the rows it holds
   */
  public record Result(long rows) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("rows", rows);
    }

    @Override
    public String summary() {
      return Counts.format(rows) + " rows";
    }
  }

  private final Lake lake;
  private final GoldMart mart;
  private final Supplier<JdbcEndpoint> target;

  /**
   * The step of a mart.
   *
   * @param lake the lake; the schema comes from its configuration ({@code publish.schema})
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
    return "replace the published table " + mart.name() + " in one transaction";
  }

  @Override
  public String label() {
    return "publish " + lake.config().publishSchema() + "." + mart.name();
  }

  @Override
  public Result run(RunContext context) {
    Dataset<Row> gold = lake.spark().read().format("delta").load(lake.paths().gold(mart.name()));
    JdbcEndpoint database = target.get();
    JdbcPublisher publisher = new JdbcPublisher(database.url(), database.properties());
    return new Result(
        Retry.onTransientFailure(
            "publishing " + mart.name(),
            lake.config().run(),
            () -> publisher.publish(gold, lake.config().publishSchema(), mart.name())));
  }
}
