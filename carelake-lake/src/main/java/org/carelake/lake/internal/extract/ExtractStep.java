package org.carelake.lake.internal.extract;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.carelake.config.ConfigKeys;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.internal.pipeline.Retry;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.raw.RawZone;

/**
 * Extracts one source table's rows changed since the last successful run's watermark (every row
 * when there is none, as in a full run) into the raw zone with a manifest, through PostgreSQL COPY.
 * Idempotent: an extract already landed for the run is returned as it is. Transient database
 * failures are retried ({@code run.retry-*}).
 */
public final class ExtractStep implements Step {
  /**
   * What an extract landed.
   *
   * @param table the source table
   * @param rows the rows extracted
   * @param bytes the bytes landed
   * @param files the part files landed
   * @param watermark the exclusive upper bound of the changes extracted, the next run's start
   */
  public record Result(String table, long rows, long bytes, long files, String watermark)
      implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("rows", rows, "bytes", bytes, "files", files);
    }

    @Override
    public String summary() {
      return Counts.format(rows) + " rows";
    }

    @Override
    public Map<String, String> watermarks() {
      return Map.of(table, watermark);
    }
  }

  private final Lake lake;
  private final IngestTable table;
  private final Supplier<JdbcEndpoint> source;

  /**
   * The extract step of a table.
   *
   * @param lake the lake; partitioning and retries come from its configuration
   * @param table the source table
   * @param source the source database, asked for when the step runs
   */
  public ExtractStep(Lake lake, IngestTable table, Supplier<JdbcEndpoint> source) {
    this.lake = lake;
    this.table = table;
    this.source = source;
  }

  @Override
  public StepName name() {
    return StepName.of("extract", table.name());
  }

  @Override
  public List<StepName> dependsOn() {
    return List.of();
  }

  @Override
  public String description() {
    return "COPY the rows of "
        + table.name()
        + " changed since the last watermark into raw/"
        + LakePaths.EHR
        + "/"
        + table.name()
        + "/<run-id>/ with a manifest";
  }

  @Override
  public boolean concurrent() {
    return true;
  }

  @Override
  public Result run(RunContext context) {
    TableExtractor extractor =
        new TableExtractor(
            source.get(),
            new RawZone(lake.files(), lake.paths()),
            new TableExtractor.ExtractSettings(
                lake.config().get(ConfigKeys.SOURCE_EXTRACT_PARTITIONS),
                lake.config().get(ConfigKeys.SOURCE_PARTITION_MIN_ROWS)));
    RawZone.Landed landed =
        Retry.onTransientFailure(
            "extracting table " + table.name(),
            lake.config().run(),
            () ->
                extractor.extract(context.runId(), table, context.previousWatermark(table.name())));
    return new Result(
        table.name(),
        landed.rowCount(),
        landed.bytes(),
        landed.parts().size(),
        landed.watermarkTo());
  }
}
