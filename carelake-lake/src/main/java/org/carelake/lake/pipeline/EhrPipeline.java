package org.carelake.lake.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.bronze.BronzeStep;
import org.carelake.lake.internal.extract.ExtractStep;
import org.carelake.lake.internal.fhir.FhirStep;
import org.carelake.lake.internal.gold.GoldStep;
import org.carelake.lake.internal.publish.PublishStep;
import org.carelake.lake.internal.quality.QualityStep;
import org.carelake.lake.internal.raw.RetentionStep;
import org.carelake.lake.internal.reconcile.ReconcileStep;
import org.carelake.lake.internal.silver.SilverStep;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;

/**
 * The registration of the EHR batch pipeline: which steps it has, in which order. A new stage is
 * one {@link Step} class plus one line here. Building the pipeline connects to nothing and starts
 * no Spark session, so {@code carelake pipeline show} draws it from the same steps a run executes.
 */
public final class EhrPipeline {
  private EhrPipeline() {}

  /**
   * The EHR pipeline of a lake.
   *
   * @param lake the lake
   * @param source the source EHR database, asked for when an extract step runs
   * @param publish the database gold is published to, asked for when a publish step runs
   */
  public static Pipeline of(
      Lake lake, Supplier<JdbcEndpoint> source, Supplier<JdbcEndpoint> publish) {
    CarelakeConfig config = lake.config();
    List<Step> steps = new ArrayList<>();
    IngestTable.ALL.forEach(table -> steps.add(new ExtractStep(lake, table, source)));
    steps.addAll(BronzeStep.all(lake));
    for (SilverEntity entity : EhrEntities.ALL) {
      steps.add(
          new SilverStep(
              lake,
              entity,
              config.get(ConfigKeys.SOURCE_TIME_ZONE),
              config.get(ConfigKeys.SILVER_REFERENCE_GRACE_PERIOD)));
    }
    steps.add(new ReconcileStep(EhrEntities.ALL));
    steps.addAll(FhirStep.all(lake));
    steps.add(new QualityStep(lake, EhrEntities.ALL));
    List<StepName> published = new ArrayList<>();
    for (GoldMart mart : GoldMart.ALL) {
      steps.add(new GoldStep(lake, mart));
      PublishStep publishStep = new PublishStep(lake, mart, publish);
      steps.add(publishStep);
      published.add(publishStep.name());
    }
    steps.add(new RetentionStep(lake, published));
    return new Pipeline("EHR batch", steps);
  }
}
