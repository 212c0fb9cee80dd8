package org.carelake.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.carelake.app.CarelakeCli;
import org.carelake.app.services.EmbeddedPostgresService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carelake bench silver} at a small size: every error-level defect of the generator's
 * manifest that its row can betray is kept out of silver, and no clean row is rejected. This runs
 * every silver rule of every entity, diagnoses included, against the generator's ground truth.
 */
class SilverBenchIT {
  @TempDir static Path folder;

  private static EmbeddedPostgresService postgres;

  @BeforeAll
  static void startDatabase() throws SQLException {
    postgres = EmbeddedPostgresService.start(folder.resolve("postgres"), 0);
    try (Connection connection = postgres.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE bench_source");
    }
  }

  @AfterAll
  static void stopDatabase() {
    postgres.close();
  }

  @Test
  void everyErrorLevelDefectIsCaughtAndNoCleanRowIsRejected() throws Exception {
    Path report = folder.resolve("silver.json");

    int exit =
        CarelakeCli.execute(
            "bench",
            "silver",
            "--patients",
            "150",
            "--defect-rate",
            "0.05",
            "--seed",
            "3",
            "--output",
            report.toString(),
            "--set",
            "data-dir=" + folder.resolve("data"),
            "--set",
            "source.jdbc-url=" + postgres.jdbcUrl("bench_source"),
            "--set",
            "publish.jdbc-url=" + postgres.jdbcUrl(EmbeddedPostgresService.PUBLISH_DATABASE),
            "--set",
            "spark.master=local[2]",
            "--set",
            "spark.shuffle-partitions=2");

    JsonNode scenarios = new ObjectMapper().readTree(report.toFile()).get("scenarios");
    JsonNode silver = scenarios.get(0).get("metrics");
    assertThat(silver.get("error_defects").asLong())
        .as("error-level defects injected")
        .isGreaterThan(100);
    assertThat(silver.get("recall").asDouble())
        .as("recall; missed: %s", silver.get("missed_examples"))
        .isEqualTo(1.0);
    assertThat(silver.get("false_positives").asLong())
        .as("clean rows rejected: %s", silver.get("wrongly_rejected_examples"))
        .isZero();
    assertThat(silver.get("over_rejected").asLong())
        .as(
            "rows rejected for a defect silver must repair or flag: %s",
            silver.get("wrongly_rejected_examples"))
        .isZero();
    assertThat(silver.get("rows_per_second").asLong()).isPositive();
    assertThat(scenarios.get(0).get("floor_seconds").asDouble()).isPositive();
    assertThat(silver.get("recall_per_table_and_kind").get("diagnoses.future_date").asText())
        .as("diagnoses are scored with the other tables")
        .matches("(\\d+)/\\1");
    assertThat(silver.get("indistinguishable_defects").asLong())
        .as("defects counted apart: %s", silver.get("indistinguishable_examples"))
        .isLessThan(silver.get("error_defects").asLong() / 20);
    JsonNode persons = scenarios.get(1).get("metrics");
    assertThat(scenarios.get(1).get("name").asText()).isEqualTo("person-matching");
    assertThat(persons.get("false_merges").asLong()).isZero();
    assertThat(persons.get("recall").asDouble()).isEqualTo(1.0);
    assertThat(exit).isZero();
  }
}
