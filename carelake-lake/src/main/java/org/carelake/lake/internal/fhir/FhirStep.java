package org.carelake.lake.internal.fhir;

import java.util.List;
import java.util.Map;
import org.carelake.fhir.FhirType;
import org.carelake.lake.Lake;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;

/**
 * Maps the silver rows of one resource type changed since its last sync (all of them in a full run)
 * to FHIR R4, validates the resources that changed (all, or the sample {@code
 * fhir.validation-sample} asks for), and merges them into the FHIR layer, marking resources deleted
 * whose silver rows are gone; see {@link FhirSync}. A type without a silver table, or a lake with
 * {@code fhir.enabled=false}, is passed.
 */
public final class FhirStep implements Step {
  /** Whether a step synced its type. */
  public enum Outcome {
    /** The type was synced. */
    SYNCED,
    /** The type's silver table does not exist yet. */
    NO_SILVER,
    /** The FHIR layer is off. */
    OFF
  }

  /**
   * What a sync did.
   *
   * @param outcome whether it ran
   * @param sync what it mapped, wrote, deleted and validated, when it ran
   */
  public record Result(Outcome outcome, FhirSync.Counts sync) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return outcome != Outcome.SYNCED
          ? Map.of()
          : Counts.of(
              "mapped", sync.mapped(),
              "written", sync.written(),
              "deleted", sync.deleted(),
              "validated", sync.validated(),
              "errors", sync.errors(),
              "warnings", sync.warnings());
    }

    @Override
    public String summary() {
      return switch (outcome) {
        case SYNCED ->
            Counts.format(sync.written())
                + " written, "
                + Counts.format(sync.deleted())
                + " deleted, "
                + Counts.format(sync.validated())
                + " validated, "
                + Counts.format(sync.errors())
                + " errors";
        case NO_SILVER -> "no silver table yet";
        case OFF -> "off (fhir.enabled=false)";
      };
    }
  }

  private final Lake lake;
  private final FhirType type;
  private final boolean enabled;
  private final double validationSample;

  private FhirStep(Lake lake, FhirType type, boolean enabled, double validationSample) {
    this.lake = lake;
    this.type = type;
    this.enabled = enabled;
    this.validationSample = validationSample;
  }

  /**
   * The steps of every resource type.
   *
   * @param lake the lake; {@code fhir.enabled} and {@code fhir.validation-sample} come from its
   *     configuration
   */
  public static List<Step> all(Lake lake) {
    boolean enabled = lake.config().get(org.carelake.config.ConfigKeys.FHIR_ENABLED);
    double sample = lake.config().fhir().validationSample();
    return java.util.Arrays.stream(FhirType.values())
        .<Step>map(type -> new FhirStep(lake, type, enabled, sample))
        .toList();
  }

  @Override
  public StepName name() {
    return StepName.of("fhir", type.layerName());
  }

  @Override
  public List<StepName> dependsOn() {
    return List.of(StepName.of("reconcile"));
  }

  @Override
  public String description() {
    return "map silver "
        + type.silverEntity()
        + " to FHIR R4 "
        + type.resourceType()
        + ", validate what changed (fhir.validation-sample), merge into fhir/resources";
  }

  @Override
  public Result run(RunContext context) {
    if (!enabled) {
      return new Result(Outcome.OFF, null);
    }
    FhirSync sync = new FhirSync(lake.spark(), lake.files(), lake.paths(), validationSample);
    if (!sync.hasSilver(type)) {
      return new Result(Outcome.NO_SILVER, null);
    }
    return new Result(
        Outcome.SYNCED, sync.sync(type, context.runId(), context.sequence(), context.full()));
  }
}
