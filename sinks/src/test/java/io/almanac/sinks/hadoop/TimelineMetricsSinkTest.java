package io.almanac.sinks.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineMetricsSinkTest {
  @Test
  void theAppIdDefaultsToTheDaemonPrefix() {
    assertThat(TimelineMetricsSink.appIdFromPrefix("namenode.sink.timeline")).isEqualTo("namenode");
    assertThat(TimelineMetricsSink.appIdFromPrefix("datanode")).isEqualTo("datanode");
    assertThat(TimelineMetricsSink.appIdFromPrefix("")).isEqualTo("unknown");
  }
}
