package org.carelake.lake.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.Lake;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.fhir.FhirStep;
import org.carelake.lake.internal.gold.GoldStep;
import org.carelake.lake.internal.hl7.Hl7BronzeStep;
import org.carelake.lake.internal.hl7.Hl7LandStep;
import org.carelake.lake.internal.hl7.Hl7RawZone;
import org.carelake.lake.internal.hl7.Hl7ReconcileStep;
import org.carelake.lake.internal.hl7.Hl7SilverStep;
import org.carelake.lake.internal.publish.PublishStep;
import org.carelake.lake.internal.quality.QualityStep;
import org.carelake.lake.silver.EhrEntities;

/**
 * The registration of HL7 ingestion: land the inbox's files in the raw zone, append their messages
 * to bronze, map them into silver, reconcile the counts, then the same FHIR, quality, gold and
 * publish steps as {@link EhrPipeline}. Building it connects to nothing and starts no Spark
 * session.
 */
public final class Hl7Pipeline {
  private Hl7Pipeline() {}

  /**
   * The inbox HL7 ingestion reads when none is given: {@code <lake>/raw/inbox/hl7}.
   *
   * @param lake the lake
   */
  public static String defaultInbox(Lake lake) {
    return new Hl7RawZone(lake.files(), lake.paths()).inbox();
  }

  /**
   * The HL7 pipeline of a lake.
   *
   * @param lake the lake
   * @param inbox the inbox folder to take the {@code .hl7} files from, a URI or lake path
   * @param publish the database gold is published to, asked for when a publish step runs
   */
  public static Pipeline of(Lake lake, String inbox, Supplier<JdbcEndpoint> publish) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Hl7LandStep(lake, inbox));
    steps.add(new Hl7BronzeStep(lake));
    steps.add(new Hl7SilverStep(lake));
    steps.add(new Hl7ReconcileStep());
    steps.addAll(FhirStep.all(lake));
    steps.add(new QualityStep(lake, EhrEntities.ALL));
    for (GoldMart mart : GoldMart.ALL) {
      steps.add(new GoldStep(lake, mart));
      steps.add(new PublishStep(lake, mart, publish));
    }
    return new Pipeline("HL7 ingestion", steps);
  }
}
