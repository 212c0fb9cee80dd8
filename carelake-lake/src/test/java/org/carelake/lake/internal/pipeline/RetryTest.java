package org.carelake.lake.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.carelake.config.RunSettings;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.Test;

class RetryTest {
  private static final RunSettings FAST =
      new RunSettings(3, Duration.ofMillis(1), Duration.ofMinutes(1));

  private static RuntimeException connectionRefused() {
    return new CarelakeException(
        "extract failed", new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
  }

  @Test
  void aTransientFailureIsRetriedUntilTheWorkSucceeds() {
    AtomicInteger calls = new AtomicInteger();

    String result =
        Retry.onTransientFailure(
            "extracting table patients",
            FAST,
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw connectionRefused();
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aTransientFailureThatLastsGivesUpWithTheAttemptsAndTheCause() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Retry.onTransientFailure(
                    "extracting table patients",
                    FAST,
                    () -> {
                      calls.incrementAndGet();
                      throw connectionRefused();
                    }))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("Gave up extracting table patients after 3 attempts")
        .hasMessageContaining("Connection to 127.0.0.1:5432 refused")
        .hasMessageContaining("the run resumes where it stopped");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Retry.onTransientFailure(
                    "extracting table patients",
                    FAST,
                    () -> {
                      calls.incrementAndGet();
                      throw new CarelakeException(
                          "no table", new SQLException("relation does not exist", "42P01"));
                    }))
        .hasMessage("no table");
    assertThat(calls).hasValue(1);
  }

  @Test
  void connectionAndAvailabilityStatesAreTransient() {
    assertThat(Retry.isTransient(new SQLException("x", "08006"))).isTrue();
    assertThat(Retry.isTransient(new SQLException("x", "57P01"))).isTrue();
    assertThat(Retry.isTransient(new SQLException("x", "53300"))).isTrue();
    assertThat(Retry.isTransient(new SQLException("x", "23505"))).isFalse();
    assertThat(Retry.isTransient(new IllegalStateException("x"))).isFalse();
  }
}
