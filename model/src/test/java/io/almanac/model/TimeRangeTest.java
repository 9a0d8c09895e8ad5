package io.almanac.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeRangeTest {
  @Test
  void valuesBelowTheAmsThresholdAreSeconds() {
    assertThat(TimeRange.toMillis(1_700_000_000L)).isEqualTo(1_700_000_000_000L);
    assertThat(TimeRange.toMillis(9_999_999_998L)).isEqualTo(9_999_999_998_000L);
  }

  @Test
  void valuesAtOrAboveTheThresholdAreMilliseconds() {
    assertThat(TimeRange.toMillis(9_999_999_999L)).isEqualTo(9_999_999_999L);
    assertThat(TimeRange.toMillis(1_700_000_000_123L)).isEqualTo(1_700_000_000_123L);
  }

  @Test
  void rangeIsHalfOpen() {
    TimeRange r = new TimeRange(10, 20);
    assertThat(r.contains(10)).isTrue();
    assertThat(r.contains(19)).isTrue();
    assertThat(r.contains(20)).isFalse();
    assertThat(new TimeRange(20, 10).isEmpty()).isTrue();
  }
}
