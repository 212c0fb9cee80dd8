package org.carelake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
  @TempDir Path folder;

  @Test
  void writesTheConventionalJsonShape() throws Exception {
    BenchmarkReport report =
        BenchmarkReport.start("ingest", Map.of("patients", 1000))
            .with(BenchmarkReport.Scenario.withFloor("full-load", 12.0, 4.0))
            .with(
                BenchmarkReport.Scenario.alone("incremental-1pct", 1.0)
                    .withMetric("fraction", 0.08));
    Path file = folder.resolve("out/bench.json");

    report.write(file);

    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("benchmark").asText()).isEqualTo("ingest");
    assertThat(json.get("machine").get("cores").asInt()).isPositive();
    assertThat(json.get("parameters").get("patients").asInt()).isEqualTo(1000);
    JsonNode full = json.get("scenarios").get(0);
    assertThat(full.get("name").asText()).isEqualTo("full-load");
    assertThat(full.get("seconds").asDouble()).isEqualTo(12.0);
    assertThat(full.get("floor_seconds").asDouble()).isEqualTo(4.0);
    assertThat(full.get("ratio").asDouble()).isEqualTo(3.0);
    JsonNode incremental = json.get("scenarios").get(1);
    assertThat(incremental.has("floor_seconds")).isFalse();
    assertThat(incremental.get("metrics").get("fraction").asDouble()).isEqualTo(0.08);
  }

  @Test
  void summaryHasOneLinePerScenarioWithItsRatio() {
    BenchmarkReport report =
        BenchmarkReport.start("generate", Map.of("patients", 10))
            .with(BenchmarkReport.Scenario.withFloor("load", 2.0, 1.0));

    assertThat(report.summary())
        .contains("benchmark generate")
        .contains("load")
        .contains("ratio   2.00");
  }
}
