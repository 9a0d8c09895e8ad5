package io.almanac.collector.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Prometheus HTTP API of a real collector, asked as Grafana and promtool ask it: GET and form
 * POST, answers checked by hand against the seeded points.
 */
@ExtendWith(SharedCollector.class)
class PrometheusApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String U = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final String CPU = "prom." + U + ".cpu";
  private static final String REQUESTS = "prom." + U + ".requests";

  /** Ten minutes ago, on a minute. */
  private static final long BASE = System.currentTimeMillis() / 60_000 * 60_000 - 600_000;

  /** Seconds of the evaluation instant: the tenth minute, where the last points are. */
  private static final long AT = BASE / 1000 + 600;

  private static String base;

  private static String host(int i) {
    return "prom-" + U + "-" + i;
  }

  /**
   * {@code CPU} on three hosts, a point a minute for ten minutes: host i has i, 2i, ..., 11i (its
   * last, at AT, is 11i). {@code REQUESTS}, a counter on host 1: 0, 60, ..., 300, then a restart:
   * 30, 90, 150, 210, 270.
   */
  @BeforeAll
  static void seed() {
    TimelineClient client = SharedCollector.client();
    base = "http://127.0.0.1:" + SharedCollector.server().port();
    StringBuilder body = new StringBuilder("{\"metrics\":[");
    for (int h = 1; h <= 3; h++) {
      int factor = h;
      body.append(h == 1 ? "" : ",")
          .append(metric(CPU, "HOST", host(h), i -> (i + 1) * (double) factor));
    }
    body.append(',')
        .append(metric(REQUESTS, "namenode", host(1), i -> i <= 5 ? i * 60 : (i - 6) * 60 + 30));
    body.append("]}");
    assertThat(client.post("/ws/v1/timeline/metrics", body.toString()).statusCode()).isEqualTo(200);
  }

  private static String metric(
      String name, String app, String host, java.util.function.IntToDoubleFunction value) {
    StringBuilder m = new StringBuilder();
    m.append("{\"metricname\":\"").append(name).append("\",\"appid\":\"").append(app);
    m.append("\",\"hostname\":\"").append(host).append("\",\"metrics\":{");
    for (int i = 0; i <= 10; i++) {
      m.append(i == 0 ? "" : ",")
          .append('"')
          .append(BASE + i * 60_000L)
          .append("\":")
          .append(value.applyAsDouble(i));
    }
    return m.append("}}").toString();
  }

  private static HttpResponse<String> get(String path, String... params) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path + "?" + form(params))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String... params) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(params)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String form(String... params) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < params.length; i += 2) {
      parts.add(params[i] + "=" + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    return String.join("&", parts);
  }

  private static JsonNode data(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode root = JSON.readTree(r.body());
    assertThat(root.path("status").asText()).isEqualTo("success");
    return root.path("data");
  }

  /** An instant query's result as label text to value. */
  private static Map<String, Double> instant(String query) throws Exception {
    JsonNode data = data(post("/api/v1/query", "query", query, "time", Long.toString(AT)));
    assertThat(data.path("resultType").asText()).isEqualTo("vector");
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode r : data.path("result")) {
      assertThat(r.path("value").get(0).asDouble()).isEqualTo((double) AT);
      out.put(r.path("metric").toString(), Double.parseDouble(r.path("value").get(1).asText()));
    }
    return out;
  }

  @Test
  void sumAvgAndTopkOverTheThreeHosts() throws Exception {
    assertThat(instant("sum({__name__=\"" + CPU + "\"})")).containsExactly(Map.entry("{}", 66.0));
    assertThat(instant("avg by (hostname) ({\"" + CPU + "\"})"))
        .containsEntry("{\"hostname\":\"" + host(1) + "\"}", 11.0)
        .containsEntry("{\"hostname\":\"" + host(3) + "\"}", 33.0)
        .hasSize(3);
    Map<String, Double> top = instant("topk(1, {\"" + CPU + "\"})");
    assertThat(top).hasSize(1);
    assertThat(top.keySet().iterator().next())
        .contains(host(3))
        .contains("\"__name__\":\"" + CPU + "\"");
    // the underscore form names the one stored metric it stands for
    assertThat(instant("sum(prom_" + U + "_cpu)")).containsExactly(Map.entry("{}", 66.0));
  }

  @Test
  void rateOfACounterAcrossItsRestart() throws Exception {
    // Window (AT-300 s, AT]: the points of minutes 6 to 10, 30 to 270 (minute 5, 300, lies on the
    // open edge). An increase of 240 over 240 s; toward the window start the counter would reach 0
    // 30 s before its first sample, within 1.1 sample intervals: extrapolated by those 30 s to
    // 240 x 270 / 240 = 270, over the 300 s window.
    Map<String, Double> rate = instant("rate({\"" + REQUESTS + "\"}[5m])");
    assertThat(rate).hasSize(1);
    assertThat(rate.values().iterator().next())
        .isCloseTo(270.0 / 300, org.assertj.core.api.Assertions.within(1e-9));
    // over 11 minutes all eleven points: 300 before the restart + 270 after it, from 0 at BASE
    Map<String, Double> increase = instant("increase({\"" + REQUESTS + "\"}[11m])");
    assertThat(increase.values().iterator().next())
        .isCloseTo(570.0, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void aRangeQueryByGetAndByFormPost() throws Exception {
    String[] params = {
      "query",
      "sum({\"" + CPU + "\"})",
      "start",
      Long.toString(BASE / 1000),
      "end",
      Long.toString(AT),
      "step",
      "5m"
    };
    for (JsonNode data :
        List.of(
            data(get("/api/v1/query_range", params)), data(post("/api/v1/query_range", params)))) {
      assertThat(data.path("resultType").asText()).isEqualTo("matrix");
      JsonNode values = data.path("result").get(0).path("values");
      assertThat(values).hasSize(3);
      // at minute 0, 5 and 10: 6 x (1, 6, 11)
      assertThat(values.get(0).get(0).asLong()).isEqualTo(BASE / 1000);
      assertThat(values.get(0).get(1).asText()).isEqualTo("6");
      assertThat(values.get(1).get(1).asText()).isEqualTo("36");
      assertThat(values.get(2).get(1).asText()).isEqualTo("66");
    }
  }

  /** A range query's one value at {@code atSeconds}, stepping {@code step}. */
  private static String oneStep(String query, long atSeconds, String step) throws Exception {
    JsonNode data =
        data(
            post(
                "/api/v1/query_range",
                "query",
                query,
                "start",
                Long.toString(atSeconds),
                "end",
                Long.toString(atSeconds),
                "step",
                step));
    assertThat(data.path("result")).as(query).hasSize(1);
    return data.path("result").get(0).path("values").get(0).get(1).asText();
  }

  @Test
  void overTimeFunctionsAtFiveMinuteStepsReadTheHostRollups() throws Exception {
    // the first 5-minute interval after BASE holds five of host 1's points, i = k .. k + 4,
    // valued i + 1; no aggregator has run, so its row is computed from the raw points
    long first = (BASE + 299_999) / 300_000 * 300_000;
    long k = (first - BASE) / 60_000;
    String host1 = "{\"" + CPU + "\", hostname=\"" + host(1) + "\"}[5m]";
    long at = first / 1000 + 300;
    assertThat(oneStep("count_over_time(" + host1 + ")", at, "5m")).isEqualTo("5");
    assertThat(oneStep("sum_over_time(" + host1 + ")", at, "5m"))
        .isEqualTo(Long.toString(5 * k + 15));
    assertThat(oneStep("max_over_time(" + host1 + ")", at, "5m")).isEqualTo(Long.toString(k + 5));

    // a 5-minute row posted two days back, where there are no raw points at all (as after the raw
    // table's one-day retention): the 5-minute and the hourly levels answer from it
    String old = "prom." + U + ".old";
    long minute = (System.currentTimeMillis() - 2 * 86_400_000L) / 300_000 * 300_000;
    String body =
        "{\"result\":[{\"timelineMetric\":{\"metricname\":\""
            + old
            + "\",\"appid\":\"HOST\",\"hostname\":\""
            + host(1)
            + "\",\"metrics\":{}},\"metricAggregate\":{\"sum\":12.0,\"deviation\":0,"
            + "\"max\":5.0,\"min\":1.0,\"numberOfSamples\":4}}],\"timeInMilis\":"
            + minute
            + "}";
    assertThat(
            SharedCollector.client().post("/ws/v1/timeline/metrics/aggregated", body).statusCode())
        .isEqualTo(200);
    long after = minute / 1000 + 300;
    assertThat(oneStep("avg_over_time({\"" + old + "\"}[5m])", after, "5m")).isEqualTo("3");
    assertThat(oneStep("min_over_time({\"" + old + "\"}[5m])", after, "5m")).isEqualTo("1");
    long hourEnd = minute / 3_600_000 * 3600 + 3600;
    assertThat(oneStep("sum_over_time({\"" + old + "\"}[1h])", hourEnd, "1h")).isEqualTo("12");
    assertThat(oneStep("count_over_time({\"" + old + "\"}[2h])", hourEnd, "1h")).isEqualTo("4");
  }

  @Test
  void seriesLabelsAndLabelValues() throws Exception {
    JsonNode series =
        data(post("/api/v1/series", "match[]", "{\"" + CPU + "\", hostname=~\".*-[12]\"}"));
    assertThat(series).hasSize(2);
    assertThat(series.get(0).path("__name__").asText()).isEqualTo(CPU);
    assertThat(series.get(0).path("appid").asText()).isEqualTo("HOST");
    JsonNode hosts = data(get("/api/v1/label/hostname/values", "match[]", "{\"" + CPU + "\"}"));
    assertThat(hosts.toString())
        .isEqualTo("[\"" + host(1) + "\",\"" + host(2) + "\",\"" + host(3) + "\"]");
    assertThat(data(get("/api/v1/label/__name__/values")).toString()).contains(CPU, REQUESTS);
    assertThat(data(get("/api/v1/labels")).toString()).contains("__name__", "appid", "hostname");
    assertThat(data(get("/api/v1/status/buildinfo")).path("version").asText()).isNotEmpty();
    assertThat(data(get("/api/v1/query_exemplars", "query", "x")).size()).isZero();
  }

  @Test
  void badQueriesAreBadData() throws Exception {
    for (HttpResponse<String> r :
        List.of(
            get("/api/v1/query", "query", "sum(" + CPU.replace('.', '_')),
            get("/api/v1/query", "query", "holt_winters(x[5m], 0.5, 0.5)"),
            get("/api/v1/query_range", "query", "up", "start", "1", "end", "2"),
            get("/api/v1/query", "query", "up", "time", "yesterday"),
            get("/api/v1/series"))) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonNode root = JSON.readTree(r.body());
      assertThat(root.path("status").asText()).isEqualTo("error");
      assertThat(root.path("errorType").asText()).isEqualTo("bad_data");
      assertThat(root.path("error").asText()).isNotEmpty();
    }
  }

  @Test
  void promtoolIsAClient() throws Exception {
    String out =
        promtool("query", "instant", "--time=" + AT, base, "sum({__name__=\"" + CPU + "\"})");
    assertThat(out).contains("=> 66");
    String series = promtool("query", "series", "--match={__name__=\"" + CPU + "\"}", base);
    assertThat(series).contains(host(1)).contains(host(3));
    String values = promtool("query", "labels", base, "hostname");
    assertThat(values).contains(host(2));
    String range =
        promtool(
            "query",
            "range",
            "--start=" + BASE / 1000,
            "--end=" + AT,
            "--step=5m",
            base,
            "sum({__name__=\"" + CPU + "\"})");
    assertThat(range).contains("66 @[" + AT);
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      throw new AssertionError("promtool is missing: run scripts/install-test-deps.sh", e);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
