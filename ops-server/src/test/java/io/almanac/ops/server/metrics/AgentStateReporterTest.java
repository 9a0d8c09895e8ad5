package io.almanac.ops.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ops.server.model.Host;
import io.almanac.ops.server.model.HostState;
import io.almanac.ops.server.store.HostStore;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateReporterTest {
  @TempDir Path dir;

  @Test
  void reportsEveryAgentUpOrLostWithTheAgeOfItsLastHeartbeat() throws Exception {
    try (OpsDatabase db = OpsDatabase.open(OpsDatabase.embeddedUrl(dir), null, null)) {
      HostStore hosts = new HostStore();
      db.inTransaction(
          c -> {
            hosts.register(c, host("a1", 100_000));
            hosts.register(c, host("a2", 40_000));
            hosts.setState(c, "a2", HostState.HEARTBEAT_LOST);
            return null;
          });
      TimelineEmitter unused =
          new TimelineEmitter(new EmitterConfig().collectors(List.of("127.0.0.1:1")));
      try (AgentStateReporter reporter =
          new AgentStateReporter(db, unused, Clock.systemUTC(), "ops1", () -> 250)) {
        List<SinkMetric> metrics = reporter.read(130_000);
        Map<String, Double> byKey =
            metrics.stream()
                .collect(
                    Collectors.toMap(
                        m -> m.name() + "@" + m.hostName(), m -> m.points().get(130_000L)));
        assertThat(byKey)
            .containsExactlyInAnyOrderEntriesOf(
                Map.of(
                    "almanac.ops.agent.up@a1", 1.0,
                    "almanac.ops.agent.up@a2", 0.0,
                    "almanac.ops.agent.heartbeat.age.seconds@a1", 30.0,
                    "almanac.ops.agent.heartbeat.age.seconds@a2", 90.0,
                    "almanac.ops.engine.lag.ms@ops1", 250.0));
        assertThat(metrics).allSatisfy(m -> assertThat(m.appId()).isEqualTo("almanac_ops"));
      }
    }
  }

  private static Host host(String name, long lastHeartbeat) {
    return new Host(
        name, "Linux", 2, 1L << 30, "test", HostState.HEALTHY, 1000, lastHeartbeat, 1000);
  }
}
