package org.carelake.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carelake.bench.BenchmarkReport;
import org.carelake.lake.pipeline.Hl7Stream;
import org.junit.jupiter.api.Test;

class StreamLatencyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void eachMessageIsMeasuredAgainstTheCommitOfItsOwnMicroBatch() {
    List<Hl7Stream.Commit> commits =
        List.of(
            new Hl7Stream.Commit(4, "stream-hl7-4", 2, T0.plusMillis(1_000)),
            new Hl7Stream.Commit(5, "stream-hl7-5", 1, T0.plusMillis(3_000)));
    List<StreamLatency.Arrival> arrivals =
        List.of(
            new StreamLatency.Arrival("stream-hl7-4", T0.plusMillis(200)),
            new StreamLatency.Arrival("stream-hl7-4", T0.plusMillis(600)),
            new StreamLatency.Arrival("stream-hl7-5", T0.plusMillis(1_500)));

    StreamLatency latency = StreamLatency.of(commits, arrivals);

    // 0.4 s and 0.8 s in the first batch, 1.5 s in the second.
    assertThat(latency.messages()).isEqualTo(3);
    assertThat(latency.p50Seconds()).isEqualTo(0.8);
    assertThat(latency.p95Seconds()).isEqualTo(1.5);
    assertThat(latency.maxSeconds()).isEqualTo(1.5);
  }

  @Test
  void percentilesAreNearestRank() {
    double[] sorted = new double[100];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i + 1;
    }

    assertThat(StreamLatency.percentile(sorted, 50)).isEqualTo(50);
    assertThat(StreamLatency.percentile(sorted, 95)).isEqualTo(95);
    assertThat(StreamLatency.percentile(new double[] {7}, 95)).isEqualTo(7);
    assertThat(StreamLatency.percentile(new double[] {1, 2, 3}, 50)).isEqualTo(2);
  }

  @Test
  void aMessageOfAMicroBatchThatDidNotCommitIsRefused() {
    List<Hl7Stream.Commit> commits = List.of(new Hl7Stream.Commit(1, "stream-hl7-1", 1, T0));
    List<StreamLatency.Arrival> arrivals = List.of(new StreamLatency.Arrival("stream-hl7-2", T0));

    assertThatThrownBy(() -> StreamLatency.of(commits, arrivals))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no commit of micro-batch stream-hl7-2 among 1");
    assertThatThrownBy(() -> StreamLatency.of(commits, new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no message to measure the latency of");
  }

  @Test
  void theReportNamesBothScenariosWithTheirComparableFigures() throws Exception {
    BenchmarkReport report =
        StreamBenchmark.report(
            Map.of("messages", 20_000),
            BenchmarkReport.Scenario.withFloor("sustained", 40.0, 1.0)
                .withMetric("messages_per_second", 500),
            BenchmarkReport.Scenario.alone("latency-500", 33.0)
                .withMetric("p50_seconds", 1.2)
                .withMetric("p95_seconds", 2.5));

    JsonNode json = new ObjectMapper().readTree(report.toJson());

    assertThat(json.get("benchmark").asText()).isEqualTo("stream");
    assertThat(json.get("machine").get("cores").asInt()).isPositive();
    JsonNode scenarios = json.get("scenarios");
    assertThat(scenarios).hasSize(2);
    assertThat(scenarios.get(0).get("name").asText()).isEqualTo("sustained");
    assertThat(scenarios.get(0).get("floor_seconds").asDouble()).isEqualTo(1.0);
    assertThat(scenarios.get(0).get("metrics").get("messages_per_second").asLong()).isEqualTo(500);
    assertThat(scenarios.get(1).get("name").asText()).isEqualTo("latency-500");
    assertThat(scenarios.get(1).get("metrics").get("p50_seconds").asDouble()).isEqualTo(1.2);
    assertThat(scenarios.get(1).get("metrics").get("p95_seconds").asDouble()).isEqualTo(2.5);
  }

  @Test
  void theLatencyScenarioIsNamedAfterItsRate() {
    assertThat(StreamBenchmark.latencyName(500)).isEqualTo("latency-500");
    assertThat(StreamBenchmark.latencyName(12.5)).isEqualTo("latency-12.5");
  }
}
