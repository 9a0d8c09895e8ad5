package io.almanac.collector.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.almanac.alerting.Alert;
import io.almanac.alerting.AlertState;
import io.almanac.alerting.AlertStateStore;
import io.almanac.alerting.AlertingService;
import io.almanac.alerting.AlertingSettings;
import io.almanac.alerting.RuleStatus;
import io.almanac.alerting.StateChange;
import io.almanac.alerting.rules.RuleFiles;
import io.almanac.collector.http.Services;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.hostmonitor.checks.HostCheck;
import io.almanac.hostmonitor.checks.HostChecks;
import io.almanac.hostmonitor.checks.PortCheck;
import io.almanac.hostmonitor.checks.ScriptCheck;
import io.almanac.hostmonitor.checks.WebCheck;
import io.almanac.sinks.emitter.SinkMetric;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rule files shipped in {@code conf/alerts} load in Almanac and in promtool, and do what they
 * say against a real collector: the Ambari-style deviation alert fires for a jumpy series and not
 * for a steady one whose low points Ambari's minimum-value filter drops, and the host-check alert
 * fires for a closed port, a failing web endpoint and a CRITICAL script.
 */
@ExtendWith(SharedCollector.class)
class ShippedRulesIT {
  private static final Path RULES = Path.of("..", "conf", "alerts");
  private static final String U = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final long MINUTE = 60_000;

  @Test
  void everyShippedRuleFileLoadsHereAndInPromtool() throws Exception {
    assertThat(RuleFiles.load(List.of(RULES + "/*.yml"), MINUTE)).hasSizeGreaterThanOrEqualTo(6);
    List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
    for (String f : List.of("ambari.yml", "almanac-self.yml", "host-checks.yml")) {
      command.add(RULES.resolve(f).toString());
    }
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("promtool is missing: run scripts/install-test-deps.sh", e);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void theDeviationRuleFiresOnAJumpySeriesAndNotOnASteadyOne() {
    String jumpy = "nn-jumpy-" + U;
    String steady = "nn-steady-" + U;
    long now = System.currentTimeMillis() / MINUTE * MINUTE;
    long from = now - 70 * MINUTE;
    Map<Long, Double> jumpyPoints = new TreeMap<>();
    Map<Long, Double> steadyPoints = new TreeMap<>();
    for (int i = 0; i <= 70; i++) {
      long t = from + i * MINUTE + 7_000;
      // mostly 35 ms with a 1-second spike every tenth minute: 230% of its mean
      jumpyPoints.put(t, i % 10 == 0 ? 1000.0 : 35.0);
      // 60 ms, and three in four minutes almost idle (1 ms): 160% without the 30 ms filter, 0 with
      steadyPoints.put(t, i % 4 == 0 ? 60.0 : 1.0);
    }
    post(rpcQueueTime(jumpy, jumpyPoints), rpcQueueTime(steady, steadyPoints));

    AlertingService service = service("ambari.yml");
    try {
      service.start();
      for (long t = now - 62 * MINUTE; t <= now; t += MINUTE) {
        service.evaluateAll(t);
      }
      Map<String, List<String>> firing = firing(service, "NameNodeClientRpcQueueLatencyDeviation");
      assertThat(firing).containsKey(jumpy).doesNotContainKey(steady);
      assertThat(firing.get(jumpy)).containsExactlyInAnyOrder("warning", "critical");
      assertThat(health(service)).allSatisfy(h -> assertThat(h).endsWith("ok"));
    } finally {
      service.close();
    }
  }

  @Test
  void theLagRuleNamesEachAggregatorBehindItsOwnThreshold() {
    String collector = "collector-" + U;
    long now = System.currentTimeMillis() / MINUTE * MINUTE;
    Map<String, Double> lag =
        Map.of(
            "TimelineMetricHostAggregatorMinute", 2000.0, // over 30 min
            "TimelineMetricHostAggregatorHourly", 2000.0, // under 3 h
            "TimelineClusterAggregatorDaily", 300_000.0); // over 3 days
    List<SinkMetric> series = new ArrayList<>();
    lag.forEach(
        (aggregator, seconds) -> {
          Map<Long, Double> points = new TreeMap<>();
          for (long t = now - 25 * MINUTE; t <= now; t += MINUTE) {
            points.put(t - 1000, seconds);
          }
          series.add(
              new SinkMetric(
                  "almanac.aggregation." + aggregator + ".lag.seconds",
                  "almanac",
                  null,
                  collector,
                  "GAUGE",
                  null,
                  points,
                  Map.of()));
        });
    postSink(series);

    AlertingService service = service("almanac-self.yml");
    try {
      service.start();
      for (long t = now - 17 * MINUTE; t <= now; t += MINUTE) {
        service.evaluateAll(t);
      }
      assertThat(
              alerts(service, "AlmanacAggregatorLagging").stream()
                  .filter(a -> a.state() == AlertState.FIRING)
                  .filter(a -> collector.equals(a.labels().get("hostname")))
                  .map(a -> a.labels().get("aggregator")))
          .containsExactlyInAnyOrder(
              "TimelineMetricHostAggregatorMinute", "TimelineClusterAggregatorDaily");
      assertThat(health(service)).allSatisfy(h -> assertThat(h).endsWith("ok"));
    } finally {
      service.close();
    }
  }

  @Test
  void hostChecksReportFailuresAsSeriesTheShippedRuleAlertsOn() throws Exception {
    String host = "checked-" + U;
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HttpServer web =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    web.start();
    List<SinkMetric> sent;
    Duration minute = Duration.ofMinutes(1);
    Duration timeout = Duration.ofSeconds(5);
    try {
      List<HostCheck> checks =
          List.of(
              new PortCheck("rpc", "127.0.0.1", closedPort, minute, timeout, null),
              new WebCheck(
                  "ui",
                  URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/"),
                  Set.of(),
                  minute,
                  timeout,
                  null,
                  null),
              new ScriptCheck("disk", "echo 'DISK CRITICAL - / is full'; exit 2", minute, timeout),
              new ScriptCheck("fine", "exit 0", minute, timeout));
      HostChecks hostChecks = new HostChecks(checks, "HOST", "", host, System::currentTimeMillis);
      hostChecks.runAllOnce();
      sent = hostChecks.drain();
    } finally {
      web.stop(0);
    }
    postSink(sent);

    AlertingService service = service("host-checks.yml");
    try {
      service.start();
      long now = System.currentTimeMillis();
      service.evaluateAll(now);
      service.evaluateAll(now + 150_000); // past the rule's for: 2m
      Map<String, List<String>> firing = new HashMap<>();
      for (Alert a : alerts(service, "HostCheckCritical")) {
        if (a.state() == AlertState.FIRING && host.equals(a.labels().get("hostname"))) {
          firing
              .computeIfAbsent(a.labels().get("check"), k -> new ArrayList<>())
              .add(a.annotations().get("summary"));
        }
      }
      assertThat(firing).containsOnlyKeys("rpc", "ui", "disk");
      assertThat(firing.get("rpc").get(0))
          .isEqualTo("Check rpc on " + host + " is CRITICAL (127.0.0.1:" + closedPort + ")");
    } finally {
      service.close();
    }
    // the labels are listed like any other
    assertThat(
            SharedCollector.client()
                .get("/api/v1/label/check/values?match%5B%5D=almanac_check_up")
                .body())
        .contains("\"rpc\"", "\"ui\"", "\"disk\"", "\"fine\"");
  }

  private static AlertingService service(String file) {
    Services services = SharedCollector.server().services();
    return new AlertingService(
        new AlertingSettings(List.of(RULES.resolve(file).toString()), MINUTE, MINUTE, "http://it"),
        services.prometheus()::instant,
        new IngestRecordedSeries(services.ingest(), "it-collector"),
        new MemoryStateStore(),
        alerts -> {},
        System::currentTimeMillis);
  }

  private static List<Alert> alerts(AlertingService service, String rule) {
    return service.groups().stream()
        .flatMap(g -> g.rules().stream())
        .filter(r -> r.rule().name().equals(rule))
        .flatMap(r -> r.alerts().stream())
        .toList();
  }

  /** hostname to the severities firing for it. */
  private static Map<String, List<String>> firing(AlertingService service, String rule) {
    return alerts(service, rule).stream()
        .filter(a -> a.state() == AlertState.FIRING)
        .collect(
            Collectors.groupingBy(
                a -> a.labels().get("hostname"),
                Collectors.mapping(a -> a.labels().get("severity"), Collectors.toList())));
  }

  private static List<String> health(AlertingService service) {
    return service.groups().stream()
        .flatMap(g -> g.rules().stream())
        .map((RuleStatus r) -> r.rule().name() + ": " + r.lastError() + " " + r.health())
        .toList();
  }

  private static String rpcQueueTime(String host, Map<Long, Double> points) {
    String values =
        points.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
            .collect(Collectors.joining(","));
    return "{\"metricname\":\"rpc.rpc.client.RpcQueueTimeAvgTime\",\"appid\":\"namenode\","
        + "\"hostname\":\""
        + host
        + "\",\"metrics\":{"
        + values
        + "}}";
  }

  private static void post(String... metrics) {
    String body = "{\"metrics\":[" + String.join(",", metrics) + "]}";
    assertThat(SharedCollector.client().post("/ws/v1/timeline/metrics", body).statusCode())
        .isEqualTo(200);
  }

  private static void postSink(List<SinkMetric> metrics) {
    List<String> json = new ArrayList<>();
    for (SinkMetric m : metrics) {
      String values =
          m.points().entrySet().stream()
              .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
              .collect(Collectors.joining(","));
      json.add(
          "{\"metricname\":\""
              + m.name()
              + "\",\"appid\":\""
              + m.appId()
              + "\",\"hostname\":\""
              + m.hostName()
              + "\",\"metrics\":{"
              + values
              + "}}");
    }
    post(json.toArray(String[]::new));
  }

  /** Alert state kept in memory: these tests do not restart. */
  private static final class MemoryStateStore implements AlertStateStore {
    private final Map<String, List<Alert>> alerts = new HashMap<>();
    private final List<StateChange> history = new ArrayList<>();

    @Override
    public synchronized Map<String, List<Alert>> loadAlerts() {
      return new HashMap<>(alerts);
    }

    @Override
    public synchronized void saveAlerts(String ruleKey, List<Alert> list) {
      alerts.put(ruleKey, List.copyOf(list));
    }

    @Override
    public synchronized void appendHistory(List<StateChange> changes) {
      history.addAll(changes);
    }

    @Override
    public synchronized List<StateChange> history(long startMs, long endMs) {
      return history.stream().filter(c -> c.time() >= startMs && c.time() <= endMs).toList();
    }
  }
}
