package org.carelake.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.CarelakeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carelake bench stream} at a tiny size: both scenarios report positive figures, and every
 * message sent (the sustained scenario's, the warm-up's and the latency scenario's) is in bronze
 * once and accounted for in silver or quarantine.
 */
class StreamBenchIT {
  private static final int SUSTAINED = 60;
  private static final int WARM_UP = 50;
  private static final int LATENCY = 20;

  @TempDir static Path folder;

  @Test
  void bothScenariosReportPositiveFiguresAndEveryMessageReachesTheLake() throws Exception {
    Path report = folder.resolve("stream.json");

    int exit =
        CarelakeCli.execute(
            "bench",
            "stream",
            "--messages",
            Integer.toString(SUSTAINED),
            "--batch-messages",
            "30",
            "--rate",
            "20",
            "--duration",
            "1s",
            "--output",
            report.toString(),
            "--set",
            "data-dir=" + folder.resolve("data"),
            "--set",
            "spark.master=local[2]",
            "--set",
            "spark.shuffle-partitions=2");

    assertThat(exit).as("0 when the goals are met, 1 when not; never an error").isIn(0, 1);
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("benchmark").asText()).isEqualTo("stream");
    assertThat(json.get("parameters").get("messages").asInt()).isEqualTo(SUSTAINED);
    JsonNode sustained = json.get("scenarios").get(0);
    assertThat(sustained.get("name").asText()).isEqualTo("sustained");
    assertThat(sustained.get("floor_seconds").asDouble()).isPositive();
    JsonNode rate = sustained.get("metrics");
    assertThat(rate.get("messages_per_second").asDouble()).isPositive();
    assertThat(rate.get("messages_per_second_after_first_batch").asDouble()).isPositive();
    assertThat(rate.get("batches").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(rate.get("mapped").asLong() + rate.get("quarantined_messages").asLong())
        .isEqualTo(SUSTAINED);
    JsonNode latency = json.get("scenarios").get(1);
    assertThat(latency.get("name").asText()).isEqualTo("latency-20");
    JsonNode figures = latency.get("metrics");
    assertThat(figures.get("messages").asInt()).isEqualTo(LATENCY);
    assertThat(figures.get("p50_seconds").asDouble()).isPositive();
    assertThat(figures.get("p95_seconds").asDouble())
        .isGreaterThanOrEqualTo(figures.get("p50_seconds").asDouble());
    assertThat(figures.get("mapped").asLong() + figures.get("quarantined_messages").asLong())
        .isEqualTo(LATENCY);

    Dataset<Row> bronze =
        SparkSession.active()
            .read()
            .format("delta")
            .load(folder.resolve("data/bench/stream/lake/bronze/hl7_messages").toString());
    int sent = SUSTAINED + WARM_UP + LATENCY;
    assertThat(bronze.count()).isEqualTo(sent);
    assertThat(bronze.select("event_key").distinct().count()).isEqualTo(sent);
    assertThat(bronze.where("received_at IS NULL OR kafka_offset IS NULL").count()).isZero();
  }
}
