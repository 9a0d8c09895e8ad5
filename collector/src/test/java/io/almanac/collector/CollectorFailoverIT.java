package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.aggregators.AggregatorKind;
import io.almanac.collector.config.ConfigKeys;
import io.almanac.collector.storage.phoenix.PhoenixConnector;
import io.almanac.collector.testing.Await;
import io.almanac.collector.testing.CollectorProcess;
import io.almanac.collector.testing.HBaseProcess;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster sums across a paused leader and a killed one. Three hosts post 1, 2 and 3 every 10 s, to
 * whichever of two collectors answers; meanwhile the leader is paused (SIGSTOP) past its session
 * timeout, so the other one takes over, and resumed; then the new leader is killed ({@code kill
 * -9}), so the first leads again. Every stored 30 s cluster sum over the whole time is exactly 6:
 * no slice skipped, none counted twice; and the paused leader never wrote a checkpoint after it
 * resumed.
 */
class CollectorFailoverIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER_SECOND = AggregatorKind.CLUSTER_SECOND.amsName();

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();
  private HBaseProcess hbase;

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private CollectorProcess collector(String name) throws Exception {
    Map<String, String> settings = new HashMap<>(hbase.collectorSettings());
    settings.put("almanac.cluster.session.timeout", "8s");
    settings.put("almanac.http.advertised.host", "127.0.0.1");
    // 30 s cluster slices, aggregated 5 s after their window, looked for every second
    settings.put(ConfigKeys.interval(AggregatorKind.CLUSTER_SECOND).name(), "30");
    settings.put(ConfigKeys.CLUSTER_TIMESHIFT.name(), "5000");
    settings.put(ConfigKeys.AGGREGATION_TICK.name(), "1s");
    settings.put(ConfigKeys.SELF_METRICS_INTERVAL.name(), "0s");
    CollectorProcess collector = new CollectorProcess(dir.resolve(name), "512m", settings);
    started.add(collector);
    collector.start();
    return collector;
  }

  private static String leaderOf(CollectorProcess c) throws Exception {
    HttpResponse<String> r = c.client().get("/admin/cluster");
    return JSON.readTree(r.body()).get("leader").asText();
  }

  private static String address(CollectorProcess c) {
    return "127.0.0.1:" + c.port();
  }

  /**
   * Sends one point per host through the sinks' emitter, which fails over between the collectors (2
   * s timeout), and waits until a collector took them.
   */
  private static void postRound(TimelineEmitter emitter, long ts) throws InterruptedException {
    List<SinkMetric> points = new ArrayList<>();
    for (int h = 1; h <= 3; h++) {
      points.add(SinkMetric.gauge("ha.sum", "HOST", "ha-h" + h, ts, h));
    }
    emitter.emit(points);
    assertThat(emitter.flush(60_000)).as("the points of " + ts + " delivered").isTrue();
  }

  /** The stored checkpoint and epoch of the 30 s cluster aggregator. */
  private static long[] checkpoint(PhoenixConnector store) throws Exception {
    try (Connection c = store.open();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT CHECKPOINT, EPOCH FROM ALMANAC_CHECKPOINTS WHERE AGGREGATOR = ?")) {
      ps.setString(1, CLUSTER_SECOND);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
      }
    }
  }

  @Test
  void clusterSumsStayExactAcrossAPausedAndAKilledLeader() throws Exception {
    hbase = new HBaseProcess(dir.resolve("hbase"));
    started.add(hbase);
    hbase.start();
    CollectorProcess a = collector("a");
    CollectorProcess b = collector("b");
    Await.until("a leader", Duration.ofSeconds(60), () -> !leaderOf(a).isEmpty());
    CollectorProcess first = leaderOf(a).equals(address(a)) ? a : b;
    CollectorProcess second = first == a ? b : a;
    PhoenixConnector store = new PhoenixConnector("127.0.0.1", hbase.zookeeperPort(), "/hbase");
    TimelineEmitter emitter =
        new TimelineEmitter(
            new EmitterConfig()
                .collectors(List.of(address(first), address(second)))
                .hostName("ha-sink")
                .timeoutMs(2000)
                .retryBackoffMs(100)
                .discoveryIntervalMs(0)
                .spoolDir(dir.resolve("spool").toFile()));
    started.add(emitter::close);

    long t0 = (System.currentTimeMillis() / 30_000 + 1) * 30_000; // the next slice boundary
    Thread.sleep(Math.max(0, t0 - System.currentTimeMillis()));
    int round = 0;
    long ts = t0;
    // 1. both up, the first leads
    for (; round < 4; round++, ts += 10_000) {
      postRound(emitter, ts);
      Thread.sleep(Math.max(0, ts + 10_000 - System.currentTimeMillis()));
    }
    // 2. the leader pauses past its session timeout: the second takes over
    first.signal("STOP");
    Await.until(
        "the second to lead",
        Duration.ofSeconds(60),
        () -> leaderOf(second).equals(address(second)));
    for (; ts + 10_000 <= System.currentTimeMillis(); round++, ts += 10_000) {
      postRound(emitter, ts); // what came during the pause, as a sink's spool sends it
    }
    long epochAfterPause = checkpoint(store)[1];
    for (int i = 0; i < 2; i++, round++, ts += 10_000) {
      postRound(emitter, ts);
      Thread.sleep(Math.max(0, ts + 10_000 - System.currentTimeMillis()));
    }
    first.signal("CONT");
    long resumedAt = System.currentTimeMillis();
    for (int i = 0; i < 3; i++, round++, ts += 10_000) {
      postRound(emitter, ts);
      Thread.sleep(Math.max(0, ts + 10_000 - System.currentTimeMillis()));
    }
    assertThat(leaderOf(first)).as("the resumed one follows").isEqualTo(address(second));
    // 3. the new leader is killed: the first leads again
    second.kill();
    for (int i = 0; i < 4; i++, round++, ts += 10_000) {
      postRound(emitter, ts);
      Thread.sleep(Math.max(0, ts + 10_000 - System.currentTimeMillis()));
    }
    Await.until(
        "the first to lead again",
        Duration.ofSeconds(60),
        () -> leaderOf(first).equals(address(first)));
    // Slices are labelled by their end; the last one whose three rounds were all posted:
    long lastLabel = (ts - 10_000) / 30_000 * 30_000;
    Await.until(
        "the 30 s cluster aggregator to pass " + lastLabel,
        Duration.ofSeconds(120),
        () -> checkpoint(store)[0] >= lastLabel);

    // Every stored 30 s slice from t0 on: the sum of 1, 2 and 3.
    List<io.almanac.model.TimelineMetric> sums =
        first
            .client()
            .query(
                "metricNames", "ha.sum._sum",
                "appId", "HOST",
                "startTime", Long.toString(t0 + 30_000),
                "endTime", Long.toString(lastLabel + 1),
                "precision", "seconds");
    assertThat(sums).hasSize(1);
    // (the answer may hold a later slice too, computed from the rounds posted so far)
    java.util.NavigableMap<Long, Double> slices =
        new TreeMap<>(sums.get(0).points().toMap()).subMap(t0 + 30_000, true, lastLabel, true);
    List<Long> expected = new ArrayList<>();
    for (long label = t0 + 30_000; label <= lastLabel; label += 30_000) {
      expected.add(label);
    }
    assertThat(expected).as("the slices span both failovers").hasSizeGreaterThanOrEqualTo(4);
    assertThat(slices.keySet()).as("every slice, none skipped").containsExactlyElementsOf(expected);
    assertThat(slices.values()).as("each exactly 1 + 2 + 3: " + slices).allMatch(v -> v == 6.0);

    assertThat(checkpoint(store)[1])
        .as("the first leads in a later epoch")
        .isGreaterThan(epochAfterPause);
    String firstLog = Files.readString(first.outputFile());
    assertThat(firstLog)
        .as("the resumed leader tried no write a later epoch had to refuse")
        .doesNotContain("holds the checkpoint");
    assertThat(emitter.counters().dropped()).as("the sink lost nothing").isZero();
    assertThat(emitter.counters().failedAttempts())
        .as("it met the paused and the killed collector")
        .isPositive();
    System.out.println(
        "failover: rounds " + round + ", slices " + slices.size() + ", resumed at " + resumedAt);
  }
}
