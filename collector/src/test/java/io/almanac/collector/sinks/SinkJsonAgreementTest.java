package io.almanac.collector.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.TimelineMetric;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MetricsJson;
import io.almanac.sinks.emitter.AmsJson;
import io.almanac.sinks.emitter.SinkMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the sinks write is exactly what the collector's codec reads. */
class SinkJsonAgreementTest {
  @Test
  void everyFieldSurvivesTheTrip() {
    Map<Long, Double> points = new LinkedHashMap<>();
    points.put(1_700_000_000_000L, 1.5);
    points.put(1_700_000_010_000L, Double.NaN);
    points.put(1_700_000_020_000L, -3e12);
    SinkMetric full =
        new SinkMetric(
            "jvm.JvmMetrics.MemHeapUsedM",
            "namenode",
            "cl1",
            "nn1.example",
            "GAUGE",
            "MB",
            points,
            Map.of("skipAggregation", "true"));
    SinkMetric bare = SinkMetric.gauge("m", "app", "h", 5, 7);

    DecodedBatch decoded = new MetricsJson().decode(AmsJson.encode(List.of(full, bare)));
    assertThat(decoded.problems()).isEmpty();
    TimelineMetric m = decoded.metrics().get(0);
    assertThat(m.metricName()).isEqualTo("jvm.JvmMetrics.MemHeapUsedM");
    assertThat(m.appId()).isEqualTo("namenode");
    assertThat(m.instanceId()).isEqualTo("cl1");
    assertThat(m.hostName()).isEqualTo("nn1.example");
    assertThat(m.type()).isEqualTo("GAUGE");
    assertThat(m.units()).isEqualTo("MB");
    assertThat(m.startTime()).isEqualTo(1_700_000_000_000L);
    assertThat(m.points().toMap()).isEqualTo(new java.util.TreeMap<>(points));
    assertThat(m.metadata()).containsEntry("skipAggregation", "true");
    TimelineMetric b = decoded.metrics().get(1);
    assertThat(b.instanceId()).isNull();
    assertThat(b.points().toMap()).containsExactly(Map.entry(5L, 7.0));
  }
}
