package org.carelake.lake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.fhir.FhirType;
import org.carelake.lake.Lake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EhrPipelineTest {
  @TempDir Path folder;

  private List<Step> steps() {
    Supplier<JdbcEndpoint> none =
        () -> {
          throw new IllegalStateException("no database in this test");
        };
    Lake lake =
        Lake.open(CarelakeConfig.fromEnvironment(Map.of("CARELAKE_DATA_DIR", folder.toString())));
    List<Step> steps = EhrPipeline.of(lake, none, none).steps();
    assertThat(lake.sparkStarted()).as("registering the steps starts no Spark session").isFalse();
    return steps;
  }

  @Test
  void everyStepComesAfterTheStepsItDependsOn() {
    Set<StepName> done = new HashSet<>();
    for (Step step : steps()) {
      assertThat(done).as("dependencies of %s", step.name()).containsAll(step.dependsOn());
      assertThat(done.add(step.name())).as("%s is unique", step.name()).isTrue();
    }
  }

  @Test
  void theGraphCoversEveryLayerInOrder() {
    List<String> stages = steps().stream().map(step -> step.name().stage()).distinct().toList();

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
    List<StepName> fhirSteps =
        steps().stream().map(Step::name).filter(name -> name.stage().equals("fhir")).toList();

    assertThat(fhirSteps).hasSize(FhirType.values().length);
    assertThat(steps())
        .filteredOn(step -> step.name().equals(StepName.of("quality")))
        .singleElement()
        .satisfies(
            step ->
                assertThat(step.dependsOn())
                    .contains(StepName.of("reconcile"))
                    .containsAll(fhirSteps));
  }

  @Test
  void bronzeOfARecordTableWaitsForTheDeletionLog() {
    assertThat(steps())
        .filteredOn(step -> step.name().toString().equals("bronze:encounters"))
        .singleElement()
        .satisfies(
            step ->
                assertThat(step.dependsOn())
                    .containsExactly(
                        StepName.parse("extract:encounters"),
                        StepName.parse("extract:source_deletions")));
  }

  @Test
  void onlyExtractAndBronzeStepsRunBesideOthers() {
    assertThat(steps())
        .allSatisfy(
            step ->
                assertThat(step.concurrent())
                    .as("%s runs beside others", step.name())
                    .isEqualTo(Set.of("extract", "bronze").contains(step.name().stage())));
  }
}
