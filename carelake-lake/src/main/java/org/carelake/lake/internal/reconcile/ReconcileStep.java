package org.carelake.lake.internal.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carelake.core.Errors;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.internal.bronze.BronzeStep;
import org.carelake.lake.internal.silver.SilverStep;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.carelake.lake.silver.SilverEntity;

/**
 * Checks that nothing was lost or duplicated between layers, from the counts the run's steps
 * recorded: per table, extracted records + tombstones = bronze rows of the run + malformed inbox
 * records quarantined; for tables with a silver entity, bronze = silver received, and received +
 * retried (rows held by earlier runs) = upserted + quarantined + duplicates + tombstones + pending.
 * A run whose counts do not reconcile fails, naming every table that does not.
 */
public final class ReconcileStep implements Step {
  /**
   * A reconciled run.
   *
   * @param tables the tables checked
   */
  public record Result(long tables) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("tables", tables);
    }

    @Override
    public String summary() {
      return "source = bronze = silver + quarantine + duplicates + ... + pending";
    }
  }

  private final List<SilverEntity> entities;

  /**
   * The check of every source table and of the silver entities made from them.
   *
   * @param entities the silver entities
   */
  public ReconcileStep(List<SilverEntity> entities) {
    this.entities = List.copyOf(entities);
  }

  @Override
  public StepName name() {
    return StepName.of("reconcile");
  }

  @Override
  public List<StepName> dependsOn() {
    List<StepName> dependencies = new ArrayList<>();
    entities.forEach(entity -> dependencies.add(StepName.of("silver", entity.name())));
    IngestTable.RECORDS.forEach(table -> dependencies.add(StepName.of("bronze", table.name())));
    return List.copyOf(dependencies);
  }

  @Override
  public String description() {
    return "check source = bronze and bronze + retried = silver + quarantine + duplicates"
        + " + tombstones + pending";
  }

  @Override
  public String label() {
    return "reconcile counts";
  }

  @Override
  public Result run(RunContext context) {
    List<String> problems = new ArrayList<>();
    for (IngestTable table : IngestTable.RECORDS) {
      long extracted = context.count(StepName.of("extract", table.name()), "rows");
      BronzeStep.Result bronze =
          BronzeStep.Result.of(context.step(StepName.of("bronze", table.name())).orElseThrow());
      if (extracted != bronze.records() || !bronze.balances()) {
        problems.add(
            table.name()
                + ": extracted "
                + extracted
                + " + tombstones "
                + bronze.tombstones()
                + " but bronze received "
                + bronze.rows()
                + " and quarantined "
                + bronze.malformed()
                + " malformed");
      }
    }
    for (SilverEntity entity : entities) {
      long bronze = context.count(StepName.of("bronze", SilverStep.sourceTableOf(entity)), "rows");
      SilverStep.Result silver =
          SilverStep.Result.of(context.step(StepName.of("silver", entity.name())).orElseThrow());
      if (bronze != silver.received() || !silver.balances()) {
        problems.add(
            entity.name()
                + ": bronze "
                + bronze
                + ", silver received "
                + silver.received()
                + " + retried "
                + silver.retried()
                + ", upserted + quarantined + duplicates + tombstones + pending "
                + (silver.upserted()
                    + silver.quarantined()
                    + silver.duplicates()
                    + silver.tombstones()
                    + silver.pending()));
      }
    }
    if (!problems.isEmpty()) {
      throw Errors.reconciliationFailed(context.runId(), problems);
    }
    return new Result(IngestTable.RECORDS.size());
  }
}
