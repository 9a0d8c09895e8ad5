package io.almanac.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.Precision;
import org.junit.jupiter.api.Test;

class RollupLevelTest {
  @Test
  void eachPrecisionNamesOneLevelPerHostAndOneAcrossHosts() {
    assertThat(RollupLevel.of(Precision.MINUTES, true)).isEqualTo(RollupLevel.HOST_MINUTE);
    assertThat(RollupLevel.of(Precision.HOURS, false)).isEqualTo(RollupLevel.CLUSTER_HOURLY);
    assertThat(RollupLevel.of(Precision.DAYS, true)).isEqualTo(RollupLevel.HOST_DAILY);
    // raw points have no level: seconds read the 30 s slices, per host or not
    assertThat(RollupLevel.of(Precision.SECONDS, true)).isEqualTo(RollupLevel.CLUSTER_SECOND);
    for (RollupLevel level : RollupLevel.values()) {
      assertThat(RollupLevel.of(level.precision(), level.perHost())).isEqualTo(level);
      assertThat(level.table()).startsWith(level.perHost() ? "METRIC_RECORD_" : "METRIC_AGGREGATE");
    }
  }
}
