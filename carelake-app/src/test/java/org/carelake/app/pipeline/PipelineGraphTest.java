package org.carelake.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineGraphTest {
  @Test
  void everyStepComesAfterTheStepsItDependsOn() {
    Set<String> done = new HashSet<>();
    for (PipelineGraph.Step step : PipelineGraph.ehr()) {
      assertThat(done).as("dependencies of %s", step.name()).containsAll(step.dependsOn());
      assertThat(done.add(step.name())).as("%s is unique", step.name()).isTrue();
    }
  }

  @Test
  void theGraphCoversEveryLayerInOrder() {
    List<String> stages =
        PipelineGraph.ehr().stream().map(PipelineGraph.Step::stage).distinct().toList();

    assertThat(stages)
        .containsExactly(
            "extract",
            "bronze",
            "silver",
            "reconcile",
            "fhir",
            "quality",
            "gold",
            "publish",
            "retention");
  }

  @Test
  void theQualityReportWaitsForEveryFhirStepSoItCountsTheirFindings() {
    List<String> fhirSteps =
        PipelineGraph.ehr().stream()
            .filter(step -> step.stage().equals("fhir"))
            .map(PipelineGraph.Step::name)
            .toList();

    assertThat(fhirSteps).hasSize(org.carelake.fhir.FhirType.values().length);
    assertThat(PipelineGraph.ehr())
        .filteredOn(step -> step.name().equals("quality"))
        .singleElement()
        .satisfies(
            step -> assertThat(step.dependsOn()).contains("reconcile").containsAll(fhirSteps));
  }

  @Test
  void bronzeOfARecordTableWaitsForTheDeletionLog() {
    assertThat(PipelineGraph.ehr())
        .filteredOn(step -> step.name().equals("bronze:encounters"))
        .singleElement()
        .satisfies(
            step ->
                assertThat(step.dependsOn())
                    .containsExactly("extract:encounters", "extract:source_deletions"));
  }
}
