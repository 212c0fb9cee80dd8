package org.carelake.lake.gold;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.ConfigKeys;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;

/**
 * Rebuilds one gold mart from silver, unless its silver inputs are the versions it was last built
 * from (a run that changed nothing in them); a full run always rebuilds. The mart is replaced in
 * one Delta commit.
 */
public final class GoldStep implements Step {
  /**
   * A mart after the step.
   *
   * @param rows the mart's rows
   * @param unchanged whether it was left as it was, its inputs unchanged
   */
  public record Result(long rows, boolean unchanged) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("rows", rows, "unchanged", unchanged ? 1 : 0);
    }

    @Override
    public String summary() {
      return Counts.format(rows) + " rows" + (unchanged ? " (silver unchanged: not rebuilt)" : "");
    }
  }

  private final Lake lake;
  private final GoldMart mart;

  /**
   * The step of a mart.
   *
   * @param lake the lake
   * @param mart the mart
   */
  public GoldStep(Lake lake, GoldMart mart) {
    this.lake = lake;
    this.mart = mart;
  }

  @Override
  public StepName name() {
    return StepName.of("gold", mart.name());
  }

  /**
   * The run's reconciliation; for a mart that reads the quarantine or the quality reports, also the
   * run's quality step, so that the mart counts this run.
   */
  @Override
  public List<StepName> dependsOn() {
    return mart.lakeViews().isEmpty()
        ? List.of(StepName.of("reconcile"))
        : List.of(StepName.of("reconcile"), StepName.of("quality"));
  }

  @Override
  public String description() {
    return "rebuild gold/" + mart.name() + " from silver: " + mart.description();
  }

  @Override
  public Result run(RunContext context) {
    SparkSession spark = lake.spark();
    String path = lake.paths().gold(mart.name());
    GoldStage stage =
        new GoldStage(
            spark, lake.paths(), lake.files(), lake.config().get(ConfigKeys.SOURCE_TIME_ZONE));
    Map<String, String> inputs = stage.inputs(mart);
    if (mart.pseudonymous()) {
      // Another secret gives other keys: the mart is rebuilt, though silver did not change.
      Pseudonyms pseudonyms = Pseudonyms.of(lake);
      pseudonyms.register(spark);
      inputs.put("pseudonym-secret", pseudonyms.fingerprint());
    }
    boolean unchanged =
        !context.full() && stage.builtFrom(mart, lake.files()).map(inputs::equals).orElse(false);
    if (!unchanged) {
      stage
          .apply(mart)
          .write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .save(path);
      stage.recordBuiltFrom(mart, inputs, lake.files());
    }
    return new Result(spark.read().format("delta").load(path).count(), unchanged);
  }

  /**
   * The versions of the silver tables a mart's gold table was last built from, as the gold step
   * recorded them ({@code <table id>@<version>} per silver entity).
   *
   * @return them, or an empty map when gold has not been built or its record is missing
   */
  public static Map<String, String> builtFrom(Lake lake, GoldMart mart) {
    return new GoldStage(lake.spark(), lake.paths(), lake.files())
        .builtFrom(mart, lake.files())
        .orElse(Map.of());
  }
}
