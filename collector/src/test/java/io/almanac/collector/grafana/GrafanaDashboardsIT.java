package io.almanac.collector.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.hostmonitor.HostMonitor;
import io.almanac.hostmonitor.OshiReadingSource;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped Grafana dashboards against a real collector: each is checked for the fields Grafana
 * needs, then every panel target and every variable query runs through the Prometheus API, the way
 * Grafana's Prometheus datasource sends them, and must return data. The host dashboard reads a live
 * host monitor; the Almanac dashboard the collector's own metrics; the others metrics2-shaped names
 * seeded here.
 */
@ExtendWith(SharedCollector.class)
class GrafanaDashboardsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");
  private static final Pattern SELECTOR =
      Pattern.compile("__name__=\"([^\"]+)\"(?:, appid=\"([^\"]+)\")?");

  @Test
  void everyTargetOfEveryDashboardReturnsData() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(DASHBOARDS)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    Map<Path, JsonNode> dashboards = new LinkedHashMap<>();
    for (Path f : files) {
      JsonNode d = JSON.readTree(f.toFile());
      checkStructure(f, d);
      dashboards.put(f, d);
    }

    String base = "http://127.0.0.1:" + SharedCollector.server().port();
    String host = "gd-" + UUID.randomUUID().toString().substring(0, 8);
    seedMetrics2Names(base, dashboards.values(), host);
    HostMonitor monitor = liveHostMonitor(host);
    try {
      long end = System.currentTimeMillis() / 1000;
      waitForHostData(base, host, end);
      List<String> empty = new ArrayList<>();
      for (Map.Entry<Path, JsonNode> e : dashboards.entrySet()) {
        for (JsonNode panel : e.getValue().path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            // as Grafana asks over the last 20 minutes (raw points) and over a week (a 5-minute
            // step: the gauges' avg_over_time reads the host rollups)
            for (long step : new long[] {60, 300}) {
              String expr = substitute(target.path("expr").asText(), host, step);
              JsonNode data = rangeQuery(base, expr, end, step);
              if (data.path("result").isEmpty()) {
                empty.add(
                    e.getKey().getFileName()
                        + " / "
                        + panel.path("title").asText()
                        + " at step "
                        + step
                        + ": "
                        + expr);
              }
            }
          }
        }
        for (JsonNode variable : e.getValue().path("templating").path("list")) {
          if (variable.path("type").asText().equals("query")) {
            String query = variable.path("query").path("query").asText();
            Matcher m = Pattern.compile("label_values\\((.*), (\\w+)\\)").matcher(query);
            assertThat(m.matches()).as(query).isTrue();
            JsonNode values =
                get(base, "/api/v1/label/" + m.group(2) + "/values?match[]=" + enc(m.group(1)));
            if (values.isEmpty()) {
              empty.add(e.getKey().getFileName() + " / variable " + variable.path("name").asText());
            }
          }
        }
      }
      assertThat(empty).as("targets without data").isEmpty();
    } finally {
      monitor.close();
    }
  }

  /**
   * The fields Grafana needs to import a dashboard and draw its panels from the Prometheus
   * datasource.
   */
  private static void checkStructure(Path file, JsonNode d) {
    String name = file.getFileName().toString();
    assertThat(d.path("uid").asText()).as(name + " uid").isNotEmpty().hasSizeLessThanOrEqualTo(40);
    assertThat(d.path("title").asText()).as(name + " title").isNotEmpty();
    assertThat(d.path("schemaVersion").asInt())
        .as(name + " schemaVersion")
        .isGreaterThanOrEqualTo(36);
    JsonNode vars = d.path("templating").path("list");
    assertThat(vars.get(0).path("type").asText())
        .as(name + " datasource variable")
        .isEqualTo("datasource");
    assertThat(vars.get(0).path("query").asText()).isEqualTo("prometheus");
    Set<Integer> ids = new HashSet<>();
    assertThat(d.path("panels")).as(name + " panels").isNotEmpty();
    for (JsonNode p : d.path("panels")) {
      String panel = name + " panel " + p.path("title").asText();
      assertThat(ids.add(p.path("id").asInt())).as(panel + " unique id").isTrue();
      assertThat(p.path("type").asText())
          .as(panel)
          .isIn("timeseries", "stat", "gauge", "table", "bargauge");
      for (String f : List.of("x", "y", "w", "h")) {
        assertThat(p.path("gridPos").path(f).isInt()).as(panel + " gridPos." + f).isTrue();
      }
      assertThat(p.path("datasource").path("uid").asText()).as(panel).isEqualTo("${datasource}");
      assertThat(p.path("targets")).as(panel + " targets").isNotEmpty();
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : p.path("targets")) {
        assertThat(refIds.add(t.path("refId").asText())).as(panel + " refId").isTrue();
        assertThat(t.path("expr").asText()).as(panel + " expr").isNotBlank();
      }
    }
  }

  /**
   * Grafana's own variables for a query stepping {@code step} seconds, and the dashboards': the
   * live host, or every host.
   */
  private static String substitute(String expr, String host, long step) {
    return expr.replace("$hostname", host)
        .replaceAll("\\$(datanode|nodemanager|regionserver|broker)", ".*")
        .replace("$__rate_interval", "5m")
        .replace("$__interval", step + "s");
  }

  /**
   * Twenty minutes of points, one a minute, rising, on two hosts, for every named metric but the
   * host's and Almanac's own.
   */
  private static void seedMetrics2Names(String base, Iterable<JsonNode> dashboards, String host)
      throws Exception {
    Map<String, String> appByName = new LinkedHashMap<>();
    for (JsonNode d : dashboards) {
      for (JsonNode p : d.path("panels")) {
        for (JsonNode t : p.path("targets")) {
          Matcher m = SELECTOR.matcher(t.path("expr").asText());
          while (m.find()) {
            String app = m.group(2);
            if (app != null && !app.equals("almanac")) {
              appByName.put(m.group(1), app);
            }
          }
        }
      }
    }
    assertThat(appByName).hasSizeGreaterThan(20);
    long now = System.currentTimeMillis() / 60_000 * 60_000;
    StringBuilder body = new StringBuilder("{\"metrics\":[");
    boolean first = true;
    for (Map.Entry<String, String> e : appByName.entrySet()) {
      for (int h = 1; h <= 2; h++) {
        body.append(first ? "" : ",");
        first = false;
        body.append("{\"metricname\":\"")
            .append(e.getKey())
            .append("\",\"appid\":\"")
            .append(e.getValue());
        body.append("\",\"hostname\":\"")
            .append(host)
            .append('-')
            .append(h)
            .append("\",\"metrics\":{");
        for (int i = 0; i < 20; i++) {
          body.append(i == 0 ? "" : ",")
              .append('"')
              .append(now - (19 - i) * 60_000L)
              .append("\":")
              .append(i * 10 + h);
        }
        body.append("}}");
      }
    }
    body.append("]}");
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/ws/v1/timeline/metrics"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static HostMonitor liveHostMonitor(String host) {
    TimelineEmitter emitter =
        new TimelineEmitter(
            new EmitterConfig()
                .collectors(List.of("127.0.0.1:" + SharedCollector.server().port()))
                .discoveryIntervalMs(0)
                .hostName(host));
    HostMonitor monitor = new HostMonitor(new OshiReadingSource(List.of()), emitter, host, "");
    monitor.start(Duration.ofMillis(500), Duration.ofSeconds(2));
    return monitor;
  }

  private static void waitForHostData(String base, String host, long end) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode data =
          get(
              base,
              "/api/v1/query?query=" + enc("count({hostname=\"" + host + "\", appid=\"HOST\"})"));
      if (!data.path("result").isEmpty()
          && data.path("result").get(0).path("value").get(1).asDouble() >= 38) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the host monitor's metrics did not arrive within 60 s");
  }

  /**
   * A range query over the last 20 minutes as Grafana sends it: the start aligned to the step; the
   * end one step on, so the newest (open) interval is evaluated even when the host monitor's points
   * all came after the last step boundary.
   */
  private static JsonNode rangeQuery(String base, String expr, long end, long step)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/query_range"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "query="
                            + enc(expr)
                            + "&start="
                            + (end - 1200) / step * step
                            + "&end="
                            + (end + step)
                            + "&step="
                            + step))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(expr + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("data");
  }

  private static JsonNode get(String base, String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("data");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
