package org.carelake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void shortFormsReadAsPeopleWriteThem() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void isoDurationsAreAcceptedToo() {
    assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void anythingElseIsRejectedWithTheText() {
    assertThat(Durations.parse("0s")).isZero();
    assertThatThrownBy(() -> Durations.parse("five minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'five minutes' is not a duration");
  }

  @Test
  void aDurationTooLongForJavaIsRejectedNotOverflowed() {
    assertThatThrownBy(() -> Durations.parse("999999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'999999999999999999d' is too long a duration");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999999s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'99999999999999999999999s' is too long a duration");
  }

  @Test
  void aDurationOutsideItsRangeIsRejectedWithTheTextAndTheRange() {
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofDays(1);

    assertThat(Durations.parseWithin("2m", min, max)).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parseWithin("1d", min, max)).isEqualTo(max);
    assertThatThrownBy(() -> Durations.parseWithin("0s", min, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'0s' is outside 1s to 1d");
    assertThatThrownBy(() -> Durations.parseWithin("PT-2M", min, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'PT-2M' is outside 1s to 1d");
    assertThatThrownBy(() -> Durations.parseWithin("25h", min, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'25h' is outside 1s to 1d");
  }

  @Test
  void durationsAreWrittenInTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ofDays(365))).isEqualTo("365d");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
