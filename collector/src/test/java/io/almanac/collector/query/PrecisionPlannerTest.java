package io.almanac.collector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import io.almanac.schema.SchemaSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrecisionPlannerTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long HOUR = 3_600_000L;
  private final PrecisionPlanner planner = PrecisionPlanner.forSchema(SchemaSettings.defaults());

  private Precision auto(long hours, long series, boolean cluster) {
    return planner.choose(
        Optional.empty(), new TimeRange(NOW - hours * HOUR, NOW), series, cluster, 5760, NOW);
  }

  @Test
  void oneSeriesOverADayIsRaw() {
    assertThat(auto(24, 1, false)).isEqualTo(Precision.SECONDS);
  }

  @Test
  void twoHundredHostsOverADayMoveToHourlyInsteadOfBeingCut() {
    // raw 1440 x 200 and 5-minute 288 x 200 exceed 5760; hourly 24 x 200 = 4800 fits
    assertThat(auto(24, 200, false)).isEqualTo(Precision.HOURS);
  }

  @Test
  void clusterSecondsCountThirtySecondSlices() {
    assertThat(auto(48, 1, true)).isEqualTo(Precision.SECONDS); // 5760 slices
    assertThat(auto(49, 1, true)).isEqualTo(Precision.MINUTES);
  }

  @Test
  void aStartOlderThanTheRawTtlSkipsRaw() {
    assertThat(
            planner.choose(
                Optional.empty(),
                new TimeRange(NOW - 25 * HOUR, NOW - 24 * HOUR),
                1,
                false,
                5760,
                NOW))
        .isEqualTo(Precision.MINUTES);
  }

  @Test
  void anExplicitPrecisionOverTheLimitIsRefusedWithTheAmsExceptionName() {
    assertThatThrownBy(
            () ->
                planner.choose(
                    Optional.of(Precision.SECONDS),
                    new TimeRange(NOW - 24 * HOUR, NOW),
                    200,
                    false,
                    5760,
                    NOW))
        .isInstanceOf(PrecisionLimitExceededException.class)
        .hasMessageContaining("288000");
    assertThat(
            planner.choose(
                Optional.of(Precision.HOURS),
                new TimeRange(NOW - 24 * HOUR, NOW),
                200,
                false,
                5760,
                NOW))
        .isEqualTo(Precision.HOURS);
  }

  @Test
  void tooManySeriesEvenForDailyValuesIsAnErrorNotATruncation() {
    assertThatThrownBy(() -> auto(1, 6000, false))
        .isInstanceOf(PrecisionLimitExceededException.class)
        .hasMessageContaining("6000 series");
  }
}
