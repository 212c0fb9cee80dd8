package org.carelake.lake.internal.raw;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carelake.config.ConfigKeys;
import org.carelake.config.Durations;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.raw.RawZone;

/**
 * Applies {@code raw.retention} to every source table's raw extracts, the current run's excepted:
 * run folders older than the retention are archived or deleted ({@code raw.retention-action}). Does
 * nothing when the retention is empty.
 */
public final class RetentionStep implements Step {
  /**
   * What retention did.
   *
   * @param runs the run folders archived or deleted
   * @param action what was done to them
   */
  public record Result(long runs, RawZone.RetentionAction action) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("runs", runs);
    }

    @Override
    public String summary() {
      return Counts.format(runs) + " run folders " + action.name().toLowerCase(Locale.ROOT) + "d";
    }
  }

  private final Lake lake;
  private final List<StepName> after;

  /**
   * The retention step.
   *
   * @param lake the lake; the retention comes from its configuration
   * @param after the steps that must end first (the last steps that read raw or publish)
   */
  public RetentionStep(Lake lake, List<StepName> after) {
    this.lake = lake;
    this.after = List.copyOf(after);
  }

  @Override
  public StepName name() {
    return StepName.of("retention", "raw");
  }

  @Override
  public List<StepName> dependsOn() {
    return after;
  }

  @Override
  public String description() {
    return "archive or delete raw extracts older than raw.retention (nothing when it is empty)";
  }

  @Override
  public Result run(RunContext context) {
    String retention = lake.config().get(ConfigKeys.RAW_RETENTION);
    RawZone.RetentionAction action =
        RawZone.RetentionAction.valueOf(
            lake.config().get(ConfigKeys.RAW_RETENTION_ACTION).toUpperCase(Locale.ROOT));
    long moved = 0;
    if (!retention.isEmpty()) {
      Instant cutOff = Instant.now().minus(Durations.parse(retention));
      RawZone rawZone = new RawZone(lake.files(), lake.paths());
      for (IngestTable table : IngestTable.ALL) {
        moved += rawZone.retain(LakePaths.EHR, table.name(), cutOff, context.runId(), action);
      }
    }
    return new Result(moved, action);
  }
}
