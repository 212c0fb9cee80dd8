package org.carelake.app.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.carelake.app.ingest.IngestTable;
import org.carelake.fhir.FhirType;
import org.carelake.lake.LakePaths;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;

/**
 * The batch pipeline as a graph of steps, defined in code. A run executes the steps in this order,
 * which respects every dependency; a resumed run skips the steps that already succeeded.
 */
public final class PipelineGraph {
  private PipelineGraph() {}

  /**
   * One step.
   *
   * @param name a unique name, {@code <stage>:<subject>}
   * @param dependsOn the steps that must succeed first
   * @param description what it does, for {@code carelake pipeline show}
   */
  public record Step(String name, List<String> dependsOn, String description) {
    /** The stage: the part of the name before the colon. */
    public String stage() {
      return name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    }

    /** The subject: the part of the name after the colon. */
    public String subject() {
      return name.contains(":") ? name.substring(name.indexOf(':') + 1) : name;
    }
  }

  /** The EHR batch pipeline's steps, in execution order. */
  public static List<Step> ehr() {
    List<Step> steps = new ArrayList<>();
    String deletions = "extract:" + IngestTable.DELETIONS.name();
    for (IngestTable table : IngestTable.ALL) {
      steps.add(
          new Step(
              "extract:" + table.name(),
              List.of(),
              "COPY the rows of "
                  + table.name()
                  + " changed since the last watermark into raw/"
                  + LakePaths.EHR
                  + "/"
                  + table.name()
                  + "/<run-id>/ with a manifest"));
    }
    for (IngestTable table : IngestTable.RECORDS) {
      steps.add(
          new Step(
              "bronze:" + table.name(),
              List.of("extract:" + table.name(), deletions),
              "append the extract and the table's deletions (as tombstones) to bronze/"
                  + LakePaths.EHR
                  + "_"
                  + table.name()));
    }
    steps.add(
        new Step(
            "bronze:" + IngestTable.DELETIONS.name(),
            List.of(deletions),
            "append the deletion log as received to bronze/"
                + LakePaths.EHR
                + "_"
                + IngestTable.DELETIONS.name()));
    List<String> silverSteps = new ArrayList<>();
    for (SilverEntity entity : EhrEntities.ALL) {
      String table = sourceTableOf(entity);
      List<String> dependencies = new ArrayList<>(List.of("bronze:" + table));
      entity.references().forEach(reference -> add(dependencies, "silver:" + reference.parent()));
      entity.lookups().stream()
          .flatMap(lookup -> lookup.reads().stream())
          .map(read -> EhrEntities.named(read).orElseThrow())
          .forEach(read -> add(dependencies, "bronze:" + sourceTableOf(read)));
      steps.add(
          new Step(
              "silver:" + entity.name(),
              List.copyOf(dependencies),
              "validate, type and deduplicate the run's bronze rows; MERGE into silver/"
                  + entity.name()
                  + ", apply tombstones, quarantine what breaks an error rule, hold what waits"
                  + " for a parent in pending/"
                  + entity.name()));
      silverSteps.add("silver:" + entity.name());
    }
    List<String> reconcileDependencies = new ArrayList<>(silverSteps);
    IngestTable.RECORDS.forEach(table -> reconcileDependencies.add("bronze:" + table.name()));
    steps.add(
        new Step(
            "reconcile",
            List.copyOf(reconcileDependencies),
            "check source = bronze and bronze + retried = silver + quarantine + duplicates"
                + " + tombstones + pending"));
    List<String> fhirSteps = new ArrayList<>();
    for (FhirType type : FhirType.values()) {
      fhirSteps.add("fhir:" + type.resourceType());
      steps.add(
          new Step(
              "fhir:" + type.resourceType(),
              List.of("reconcile"),
              "map silver to FHIR R4 "
                  + type.resourceType()
                  + ", validate what changed (fhir.validation-sample), merge into fhir/resources"));
    }
    List<String> qualityDependencies = new ArrayList<>(List.of("reconcile"));
    qualityDependencies.addAll(fhirSteps);
    steps.add(
        new Step(
            "quality",
            List.copyOf(qualityDependencies),
            "write the run's data-quality report (counts per layer, failures per rule, FHIR"
                + " validation findings, trend) to _carelake/quality/<run-id>.json and .html"));
    for (GoldMart mart : GoldMart.ALL) {
      steps.add(
          new Step(
              "gold:" + mart.name(),
              List.of("reconcile"),
              "rebuild gold/" + mart.name() + " from silver: " + mart.description()));
      steps.add(
          new Step(
              "publish:" + mart.name(),
              List.of("gold:" + mart.name()),
              "replace the published table " + mart.name() + " in one transaction"));
    }
    List<String> published = new ArrayList<>();
    GoldMart.ALL.forEach(mart -> published.add("publish:" + mart.name()));
    steps.add(
        new Step(
            "retention:raw",
            List.copyOf(published),
            "archive or delete raw extracts older than raw.retention (nothing when it is empty)"));
    return List.copyOf(steps);
  }

  private static void add(List<String> list, String item) {
    if (!list.contains(item)) {
      list.add(item);
    }
  }

  /** The source table a silver entity comes from ({@code ehr.patients} gives {@code patients}). */
  public static String sourceTableOf(SilverEntity entity) {
    return entity.sourceTable().substring(entity.sourceTable().indexOf('.') + 1);
  }
}
