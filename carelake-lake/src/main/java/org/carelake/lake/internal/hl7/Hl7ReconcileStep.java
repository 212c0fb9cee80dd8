package org.carelake.lake.internal.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carelake.core.Errors;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;

/**
 * Checks from the counts the run's HL7 steps recorded that no message was lost or duplicated
 * between layers: messages landed = bronze rows of the run = messages silver received = messages
 * mapped + messages quarantined. Named {@code reconcile}, as the batch pipeline's check, so the
 * FHIR, quality and gold steps that follow it are the batch pipeline's own.
 */
public final class Hl7ReconcileStep implements Step {
  /**
   * A reconciled run.
   *
   * @param messages messages accounted for
   * @param records records of mapped messages quarantined on their own
   */
  public record Result(long messages, long records) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("messages", messages, "records_quarantined", records);
    }

    @Override
    public String summary() {
      return "landed = bronze = mapped + quarantined: " + Counts.format(messages) + " messages";
    }
  }

  @Override
  public StepName name() {
    return StepName.of("reconcile");
  }

  @Override
  public List<StepName> dependsOn() {
    return List.of(Hl7SilverStep.NAME);
  }

  @Override
  public String description() {
    return "check messages landed = bronze = silver mapped + quarantined";
  }

  @Override
  public String label() {
    return "reconcile counts";
  }

  @Override
  public Result run(RunContext context) {
    long landed = context.count(Hl7LandStep.NAME, "messages");
    long bronze = context.count(Hl7BronzeStep.NAME, "rows");
    Hl7SilverStep.Result silver =
        Hl7SilverStep.Result.of(context.step(Hl7SilverStep.NAME).orElseThrow());
    List<String> problems = new ArrayList<>();
    if (landed != bronze) {
      problems.add("hl7 messages: landed " + landed + " but bronze received " + bronze);
    }
    if (bronze != silver.received() || !silver.balances()) {
      problems.add(
          "hl7 messages: bronze "
              + bronze
              + ", silver received "
              + silver.received()
              + ", mapped "
              + silver.mapped()
              + " + quarantined "
              + silver.quarantinedMessages());
    }
    if (!problems.isEmpty()) {
      throw Errors.reconciliationFailed(context.runId(), problems);
    }
    return new Result(bronze, silver.quarantinedRecords());
  }
}
