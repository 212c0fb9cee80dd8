package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's stream section on the embedded broker: the burst of events goes over MLLP, every one
 * reaches bronze and silver, the counts balance, and the latency per event is printed.
 */
class DemoStreamIT {
  @TempDir static Path data;

  @Test
  void theBurstReachesSilverAndTheSectionShowsItsCountsAndLatency() {
    CarelakeConfig config =
        CarelakeConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "data-dir", data.toString(),
                "spark.master", "local[2]",
                "spark.shuffle-partitions", "2",
                "embedded.kafka-port", "0"));
    Lake lake = Lake.open(config);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8));

    boolean balanced;
    try (Services services = Services.start(config, EnumSet.of(Services.Role.KAFKA))) {
      balanced = DemoStream.run(lake, config, services, progress, 20, 7);
    }

    assertThat(balanced).isTrue();
    int events = DemoStream.EVENTS;
    String section = printed.toString(StandardCharsets.UTF_8);
    assertThat(section)
        .contains(
            "events sent:       " + events + " over MLLP at 50/s, " + events + " acknowledged")
        .contains("reached the lake:  " + events + " in bronze")
        .contains("the stream received " + events + ": ")
        .containsPattern("latency per event: p50 \\d+\\.\\d\\d s, p95 \\d+\\.\\d\\d s");
    assertThat(
            lake.spark()
                .read()
                .format("delta")
                .load(lake.paths().bronze("hl7", "messages"))
                .count())
        .isEqualTo(events);
    assertThat(lake.spark().read().format("delta").load(lake.paths().silver("patients")).count())
        .isPositive();
  }
}
