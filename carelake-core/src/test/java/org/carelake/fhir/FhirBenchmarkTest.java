package org.carelake.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.carelake.bench.BenchmarkReport;
import org.junit.jupiter.api.Test;

class FhirBenchmarkTest {
  @Test
  void reportsMapSerializeAgainstItsFloorAndValidationRates() {
    BenchmarkReport report = FhirBenchmark.run(120);

    assertThat(report.benchmark()).isEqualTo("fhir");
    assertThat(report.parameters()).containsEntry("resources", 120);
    assertThat(report.scenarios())
        .extracting(BenchmarkReport.Scenario::name)
        .containsExactly("map-serialize", "validate");
    BenchmarkReport.Scenario map = report.scenarios().get(0);
    assertThat(map.floorSeconds()).isPositive();
    assertThat(map.ratio()).isEqualTo(map.seconds() / map.floorSeconds());
    assertThat(map.metrics()).containsKeys("resources_per_second", "rate_ratio");
    BenchmarkReport.Scenario validate = report.scenarios().get(1);
    assertThat(validate.metrics())
        .containsEntry("errors", 0L)
        .containsKeys("one_by_one_resources_per_second", "validator_build_seconds");
  }
}
