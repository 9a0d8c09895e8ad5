package io.almanac.sinks.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.sinks.emitter.SinkMetric;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JmxPollerTest {
  private static Map<String, Double> byName(List<SinkMetric> metrics) {
    Map<String, Double> out = new TreeMap<>();
    metrics.forEach(m -> out.put(m.name(), m.points().values().iterator().next()));
    return out;
  }

  @Test
  void readsNumericAttributesOfThisJvmWithPredictableNames() throws Exception {
    Stats.register();
    JmxPoller poller =
        new JmxPoller(
            MBeanServerSource.local(),
            "myapp",
            "h1",
            "^almanac\\.test:|^java\\.lang:type=Memory$",
            null,
            null,
            null);
    List<SinkMetric> metrics = poller.poll(1000);
    Map<String, Double> values = byName(metrics);
    assertThat(values)
        .containsEntry("almanac.test.Stats.one.Count", 42.0)
        .containsEntry("almanac.test.Stats.one.Ratio", 0.5)
        .doesNotContainKey("almanac.test.Stats.one.Label")
        .containsKey("java.lang.Memory.HeapMemoryUsage.used");
    assertThat(values.get("java.lang.Memory.HeapMemoryUsage.used")).isPositive();
    assertThat(metrics)
        .allSatisfy(
            m -> {
              assertThat(m.appId()).isEqualTo("myapp");
              assertThat(m.hostName()).isEqualTo("h1");
              assertThat(m.points()).containsOnlyKeys(1000L);
            });
  }

  @Test
  void attributePatternsSelect() throws Exception {
    Stats.register();
    JmxPoller poller =
        new JmxPoller(MBeanServerSource.local(), "a", "h", "^almanac\\.test:", null, null, "Ratio");
    assertThat(byName(poller.poll(1))).containsOnlyKeys("almanac.test.Stats.one.Count");
  }

  @Test
  void namesFollowTheWrittenKeyOrder() {
    assertThat(JmxPoller.prefix("Hadoop:service=NameNode,name=FSNamesystem"))
        .isEqualTo("Hadoop.NameNode.FSNamesystem");
    assertThat(JmxPoller.prefix("java.lang:type=GarbageCollector,name=G1 Young Generation"))
        .isEqualTo("java.lang.GarbageCollector.G1_Young_Generation");
  }
}
