package org.carelake.lake.internal.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carelake.fhir.FhirType;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.quality.QualityReport;
import org.carelake.lake.quality.QualityReporting;
import org.carelake.lake.silver.SilverEntity;

/**
 * Writes the run's data-quality report (counts per layer, failures per rule, FHIR validation
 * findings, trend) to {@code _carelake/quality/<run-id>.json} and {@code .html}; see {@link
 * QualityReporting}.
 */
public final class QualityStep implements Step {
  /**
   * A written report.
   *
   * @param rules the rules with failures
   * @param failures the rule failures in all
   */
  public record Result(long rules, long failures) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("rules", rules, "failures", failures);
    }

    @Override
    public String summary() {
      return Counts.format(failures) + " rule failures, report written";
    }
  }

  private final Lake lake;
  private final List<SilverEntity> entities;

  /**
   * The report over the given silver entities.
   *
   * @param lake the lake
   * @param entities the silver entities whose rules the report counts
   */
  public QualityStep(Lake lake, List<SilverEntity> entities) {
    this.lake = lake;
    this.entities = List.copyOf(entities);
  }

  @Override
  public StepName name() {
    return StepName.of("quality");
  }

  @Override
  public List<StepName> dependsOn() {
    List<StepName> dependencies = new ArrayList<>(List.of(StepName.of("reconcile")));
    for (FhirType type : FhirType.values()) {
      dependencies.add(StepName.of("fhir", type.layerName()));
    }
    return List.copyOf(dependencies);
  }

  @Override
  public String description() {
    return "write the run's data-quality report (counts per layer, failures per rule, FHIR"
        + " validation findings, trend) to _carelake/quality/<run-id>.json and .html";
  }

  @Override
  public String label() {
    return "data-quality report";
  }

  @Override
  public Result run(RunContext context) {
    QualityReport report =
        new QualityReporting(lake.spark(), lake.files(), lake.paths())
            .report(context.record(), entities);
    return new Result(
        report.rules().size(),
        report.rules().stream().mapToLong(QualityReport.RuleFailures::failures).sum());
  }
}
