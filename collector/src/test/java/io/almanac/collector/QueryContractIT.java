package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import io.almanac.model.store.MetricStore;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The request shapes the AMS Grafana plugin and the Ambari server send (ams.md §1 and §6), against
 * a real collector and store, with expected values worked out by hand from the seeded data.
 */
@ExtendWith(SharedCollector.class)
class QueryContractIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOUR = 3_600_000L;

  private final TimelineClient client = SharedCollector.client();
  private final MetricStore store = SharedCollector.server().store();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A whole minute, two hours back: raw data and its query range sit well inside the raw TTL. */
  private final long t0 = (System.currentTimeMillis() - 2 * HOUR) / 60_000 * 60_000;

  private static String s(long ms) {
    return Long.toString(ms / 1000);
  }

  private static Points points(long start, long step, double... values) {
    long[] ts = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      ts[i] = start + i * step;
    }
    return Points.of(ts, values);
  }

  private void post(String name, String app, String host, Points points) {
    HttpResponse<String> r =
        client.post(new TimelineMetrics(List.of(TimelineMetric.of(name, app, host, points))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static Map<String, Points> byHost(List<TimelineMetric> metrics) {
    Map<String, Points> out = new LinkedHashMap<>();
    metrics.forEach(m -> out.put(m.hostName(), m.points()));
    return out;
  }

  @Test
  void grafanaAllHostsAvgInSecondsWithSeriesAggregation() {
    String app = "app" + run;
    post("cpu_user", app, "h1", points(t0, 10_000, 10, 20, 30));
    post("cpu_user", app, "h2", points(t0, 10_000, 30, 40, 50));
    post("cpu_user", app, "h3", points(t0 + 5_000, 10_000, 7)); // unaligned, alone at its timestamp

    List<TimelineMetric> all =
        client.query(
            "metricNames",
            "cpu_user._avg",
            "hostname",
            "%",
            "appId",
            app,
            "startTime",
            s(t0),
            "endTime",
            s(t0 + 60_000));
    assertThat(all).extracting(TimelineMetric::metricName).containsOnly("cpu_user._avg");
    assertThat(byHost(all)).containsOnlyKeys("h1", "h2", "h3");
    assertThat(byHost(all).get("h2")).isEqualTo(points(t0, 10_000, 30, 40, 50));

    List<TimelineMetric> avg =
        client.query(
            "metricNames",
            "cpu_user._avg",
            "hostname",
            "%",
            "appId",
            app,
            "startTime",
            s(t0),
            "endTime",
            s(t0 + 60_000),
            "seriesAggregateFunction",
            "avg");
    assertThat(avg)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.metricName()).isEqualTo("AVG(cpu_user._avg)");
              assertThat(m.hostName()).isEqualTo("h1,h2,h3");
              assertThat(m.points().toMap())
                  .containsExactly(
                      entry(t0, 20.0),
                      entry(t0 + 5_000, 7.0),
                      entry(t0 + 10_000, 30.0),
                      entry(t0 + 20_000, 40.0));
            });
    List<TimelineMetric> sum =
        client.query(
            "metricNames",
            "cpu_user",
            "hostname",
            "h1,h2",
            "appId",
            app,
            "startTime",
            s(t0),
            "endTime",
            s(t0 + 60_000),
            "seriesAggregateFunction",
            "sum");
    assertThat(sum.get(0).points()).isEqualTo(points(t0, 10_000, 40, 60, 80));
  }

  @Test
  void rateOverACounterReset() {
    String app = "app" + run;
    post("rpc.calls", app, "nn1", points(t0, 10_000, 100, 150, 250, 5, 45));
    List<TimelineMetric> got =
        client.query(
            "metricNames",
            "rpc.calls._rate",
            "hostname",
            "nn1",
            "appId",
            app,
            "startTime",
            s(t0),
            "endTime",
            s(t0 + 60_000));
    assertThat(got)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.metricName()).isEqualTo("rpc.calls._rate");
              // deltas 50, 100, (reset: dropped), 40 over 10 s each
              assertThat(m.points())
                  .isEqualTo(
                      Points.of(
                          new long[] {t0 + 10_000, t0 + 20_000, t0 + 40_000},
                          new double[] {5, 10, 4}));
            });
    assertThat(
            client
                .query(
                    "metricNames",
                    "rpc.calls._diff",
                    "hostname",
                    "nn1",
                    "appId",
                    app,
                    "startTime",
                    s(t0),
                    "endTime",
                    s(t0 + 60_000))
                .get(0)
                .points()
                .toMap())
        .containsExactly(
            entry(t0 + 10_000, 50.0), entry(t0 + 20_000, 100.0), entry(t0 + 40_000, 40.0));
  }

  @Test
  void topThreeHostsAndBottomTwo() {
    String app = "app" + run;
    double[][] values = {{1, 1}, {9, 2}, {5, 5}, {3, 8}, {2, 2}};
    for (int h = 0; h < values.length; h++) {
      post("load_one", app, "host" + h, points(t0, 60_000, values[h]));
    }
    List<TimelineMetric> top =
        client.query(
            "metricNames",
            "load_one",
            "hostname",
            "%",
            "appId",
            app,
            "startTime",
            s(t0),
            "endTime",
            s(t0 + 10 * 60_000),
            "topN",
            "3",
            "topNFunction",
            "max");
    assertThat(top).extracting(TimelineMetric::hostName).containsExactly("host1", "host3", "host2");
    List<TimelineMetric> bottom =
        client.query(
            "metricNames",
            "load_one",
            "hostname",
            "%",
            "appId",
            app,
            "startTime",
            s(t0),
            "endTime",
            s(t0 + 10 * 60_000),
            "topN",
            "2",
            "topNFunction",
            "avg",
            "isBottomN",
            "true");
    assertThat(bottom).extracting(TimelineMetric::hostName).containsExactly("host0", "host4");
    // two metrics on two hosts: neither top-N rule fits, so every series comes back (AMS ignores
    // it)
    assertThat(
            client.query(
                "metricNames",
                "load_one,load_five",
                "hostname",
                "host0,host1",
                "appId",
                app,
                "startTime",
                s(t0),
                "endTime",
                s(t0 + 10 * 60_000),
                "topN",
                "1"))
        .hasSize(2);
  }

  @Test
  void pointInTimeReturnsTheLatestValueOfEachHostAndOfTheCluster() {
    String app = "app" + run;
    long now = System.currentTimeMillis() / 1000 * 1000;
    post("mem_free", app, "a", points(now - 120_000, 10_000, 1, 2, 3));
    post("mem_free", app, "a", points(now - 60_000, 10_000, 4, 5));
    post("mem_free", app, "b", points(now - 30_000, 10_000, 8));
    assertThat(byHost(client.query("metricNames", "mem_free", "hostname", "a,b", "appId", app)))
        .containsExactly(
            entry("a", points(now - 50_000, 1, 5)), entry("b", points(now - 30_000, 1, 8)));

    store.writeClusterRollups(
        RollupLevel.CLUSTER_SECOND,
        Map.of(
            new MetricKey("mem_free", app, ""),
            List.of(
                new Rollup(now - 60_000, 30, 3, 20, 1), new Rollup(now - 30_000, 40, 4, 25, 2))));
    assertThat(client.query("metricNames", "mem_free", "appId", app))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.hostName()).isNull();
              assertThat(m.points()).isEqualTo(points(now - 30_000, 1, 10)); // 40 / 4 hosts
            });
  }

  @Test
  void twoHundredHostsOverADayComeBackWhole() {
    String app = "wide" + run;
    long end = System.currentTimeMillis() / HOUR * HOUR;
    long start = end - 24 * HOUR;
    Map<SeriesKey, List<Rollup>> hourly = new LinkedHashMap<>();
    for (int h = 0; h < 200; h++) {
      List<Rollup> rows = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        rows.add(new Rollup(start + i * HOUR, (h + i) * 60.0, 60, h + i + 5, h + i - 5));
      }
      hourly.put(new SeriesKey(new MetricKey("bytes_in", app, ""), "dn" + h), rows);
    }
    store.writeHostRollups(RollupLevel.HOST_HOURLY, hourly);

    // With AMS's row limit (a client's `limit`) 200 hosts x a day move to hourly rows, whole.
    List<TimelineMetric> got =
        client.query(
            "metricNames",
            "bytes_in",
            "hostname",
            "%",
            "appId",
            app,
            "startTime",
            s(start),
            "endTime",
            s(end),
            "limit",
            "5760");
    assertThat(got).hasSize(200);
    assertThat(got).allSatisfy(m -> assertThat(m.points().size()).isEqualTo(24));
    assertThat(byHost(got).get("dn7").toMap())
        .containsEntry(start + 3 * HOUR, 10.0); // (7+3)*60 / 60
    assertThat(
            client
                .query(
                    "metricNames",
                    "bytes_in._max",
                    "hostname",
                    "dn7",
                    "appId",
                    app,
                    "startTime",
                    s(start),
                    "endTime",
                    s(end),
                    "precision",
                    "hours")
                .get(0)
                .points()
                .toMap())
        .containsEntry(start + 3 * HOUR, 15.0);
  }

  @Test
  void ambariServerRetriesCoarserOnPrecisionLimitExceeded() throws Exception {
    String app = "wide" + run;
    long end = System.currentTimeMillis() / HOUR * HOUR;
    long start = end - 24 * HOUR;
    Map<SeriesKey, List<Rollup>> hourly = new LinkedHashMap<>();
    for (int h = 0; h < 30; h++) {
      hourly.put(
          new SeriesKey(new MetricKey("dfs.FSNamesystem.CapacityUsed", app, ""), "nn" + h),
          List.of(new Rollup(start, 6, 3, 3, 1)));
    }
    store.writeHostRollups(RollupLevel.HOST_HOURLY, hourly);
    String hosts = String.join(",", hourly.keySet().stream().map(SeriesKey::hostName).toList());

    List<String> tried = new ArrayList<>();
    HttpResponse<String> answer = null;
    for (String precision : List.of("seconds", "minutes", "hours")) {
      tried.add(precision);
      answer =
          client.get(
              "/ws/v1/timeline/metrics?metricNames=dfs.FSNamesystem.CapacityUsed&appId="
                  + app
                  + "&hostname="
                  + hosts
                  + "&startTime="
                  + s(start)
                  + "&endTime="
                  + s(end)
                  + "&precision="
                  + precision
                  + "&limit=5760"); // AMS's row limit, so that 30 hosts are enough to walk the
      // chain
      if (answer.statusCode() != 400
          || !answer.body().contains("PrecisionLimitExceededException")) {
        break;
      }
      assertThat(JSON.readTree(answer.body()).at("/RemoteException/javaClassName").asText())
          .endsWith("PrecisionLimitExceededException");
    }
    assertThat(tried)
        .containsExactly("seconds", "minutes", "hours"); // 1440*30 and 288*30 are over 5760
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(answer.body()).get("metrics")).hasSize(30);
  }

  @Test
  void minutePrecisionReadsTheHostMinuteTableWithAmsFunctions() {
    String app = "app" + run;
    long start = t0 / 300_000 * 300_000;
    store.writeHostRollups(
        RollupLevel.HOST_MINUTE,
        Map.of(
            new SeriesKey(new MetricKey("cpu_wio", app, ""), "h1"),
            List.of(new Rollup(start, 30, 6, 9, 1), new Rollup(start + 300_000, 12, 4, 7, 0))));
    String[] q = {
      "hostname",
      "h1",
      "appId",
      app,
      "startTime",
      s(start),
      "endTime",
      s(start + 600_000),
      "precision",
      "MINUTES"
    };
    assertThat(value(q, "cpu_wio")).containsExactly(entry(start, 5.0), entry(start + 300_000, 3.0));
    assertThat(value(q, "cpu_wio._sum"))
        .containsExactly(entry(start, 5.0), entry(start + 300_000, 3.0));
    assertThat(value(q, "cpu_wio._max"))
        .containsExactly(entry(start, 9.0), entry(start + 300_000, 7.0));
    assertThat(value(q, "cpu_wio._min"))
        .containsExactly(entry(start, 1.0), entry(start + 300_000, 0.0));
  }

  @Test
  void clusterQueriesWithoutHostnameReadTheAggregateTables() {
    String app = "app" + run;
    long start = t0 / 30_000 * 30_000;
    store.writeClusterRollups(
        RollupLevel.CLUSTER_SECOND,
        Map.of(
            new MetricKey("cpu_user", app, ""),
            List.of(new Rollup(start, 90, 3, 50, 10), new Rollup(start + 30_000, 60, 2, 40, 20))));
    String[] q = {"appId", app, "startTime", s(start), "endTime", s(start + 60_000)};
    assertThat(value(q, "cpu_user"))
        .containsExactly(entry(start, 30.0), entry(start + 30_000, 30.0));
    assertThat(value(q, "cpu_user._avg"))
        .containsExactly(entry(start, 30.0), entry(start + 30_000, 30.0));
    assertThat(value(q, "cpu_user._sum"))
        .containsExactly(entry(start, 90.0), entry(start + 30_000, 60.0));
    assertThat(value(q, "cpu_user._max"))
        .containsExactly(entry(start, 50.0), entry(start + 30_000, 40.0));
    List<TimelineMetric> got = client.query(concat(q, "metricNames", "cpu_user._sum"));
    assertThat(got.get(0).hostName()).isNull();
    assertThat(got.get(0).metricName()).isEqualTo("cpu_user._sum");

    // The hour's row, labelled as the aggregators label it: its end less a second.
    long label = start / HOUR * HOUR + HOUR - 1000;
    store.writeClusterRollups(
        RollupLevel.CLUSTER_HOURLY,
        Map.of(new MetricKey("cpu_user", app, ""), List.of(new Rollup(label, 75, 3, 50, 10))));
    String[] hourly = {
      "appId", app, "startTime", s(start), "endTime", s(start + HOUR), "precision", "hours"
    };
    assertThat(value(hourly, "cpu_user._sum"))
        .containsExactly(entry(label, 75.0)); // mean cluster total
    assertThat(value(hourly, "cpu_user._avg")).containsExactly(entry(label, 25.0)); // per host
  }

  private Map<Long, Double> value(String[] params, String name) {
    List<TimelineMetric> got = client.query(concat(params, "metricNames", name));
    assertThat(got).as(name).hasSize(1);
    return got.get(0).points().toMap();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void endBeforeStartIs400AndLimitsAreChecked() {
    String app = "app" + run;
    post("x", app, "h", points(t0, 1000, 1));
    HttpResponse<String> reversed =
        client.get(
            "/ws/v1/timeline/metrics?metricNames=x&hostname=h&appId="
                + app
                + "&startTime="
                + s(t0 + 60_000)
                + "&endTime="
                + s(t0));
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(reversed.body()).contains("is after endTime");
    HttpResponse<String> tooBig =
        client.get(
            "/ws/v1/timeline/metrics?metricNames=x&hostname=h&startTime=1&endTime=2"
                + "&limit=5761");
    assertThat(tooBig.statusCode()).isEqualTo(400);
    assertThat(tooBig.body()).contains("Limit too big");
    HttpResponse<String> badNumber =
        client.get("/ws/v1/timeline/metrics?metricNames=x&startTime=1&endTime=2&topN=x");
    assertThat(badNumber.statusCode()).isEqualTo(400);
    assertThat(badNumber.body())
        .contains("\"exception\":\"IllegalArgumentException\"")
        .contains("topN");
    HttpResponse<String> badPrecision =
        client.get(
            "/ws/v1/timeline/metrics?metricNames=x&startTime=1&endTime=2"
                + "&precision=fortnights");
    assertThat(badPrecision.statusCode()).isEqualTo(400);
    assertThat(badPrecision.body()).contains("precision should be");
  }

  @Test
  void instancePathAndInstanceListings() throws Exception {
    String app = "kafka" + run;
    TimelineMetric m =
        new TimelineMetric(
            "kafka.server.BytesInPerSec",
            app,
            "cl1",
            "broker1",
            0,
            t0,
            null,
            null,
            points(t0, 1000, 3),
            Map.of());
    assertThat(client.post(new TimelineMetrics(List.of(m))).statusCode()).isEqualTo(200);

    assertThat(
            client.query(
                "metricNames",
                "kafka.server.BytesInPerSec",
                "hostname",
                "broker1",
                "appId",
                app,
                "startTime",
                s(t0),
                "endTime",
                s(t0 + 5000),
                "instanceId",
                "cl1"))
        .hasSize(1);
    HttpResponse<String> byPath =
        client.get(
            "/ws/v1/timeline/metrics/cl1?metricNames=kafka.server.BytesInPerSec"
                + "&hostname=broker1&appId="
                + app
                + "&startTime="
                + s(t0)
                + "&endTime="
                + s(t0 + 5000));
    assertThat(JSON.readTree(byPath.body()).get("metrics")).hasSize(1);
    HttpResponse<String> otherInstance =
        client.get(
            "/ws/v1/timeline/metrics/cl2?metricNames=kafka.server.BytesInPerSec"
                + "&hostname=broker1&appId="
                + app
                + "&startTime="
                + s(t0)
                + "&endTime="
                + s(t0 + 5000));
    assertThat(JSON.readTree(otherInstance.body()).get("metrics")).isEmpty();

    JsonNode metaByPath =
        JSON.readTree(client.get("/ws/v1/timeline/metrics/cl1/metadata?appId=" + app).body());
    assertThat(metaByPath.get(app).get(0).get("instanceId").asText()).isEqualTo("cl1");
    JsonNode instanceByPath =
        JSON.readTree(client.get("/ws/v1/timeline/metrics/cl1/instance?appId=" + app).body());
    assertThat(instanceByPath.get("").get(app))
        .extracting(JsonNode::asText)
        .containsExactly("broker1");

    for (String path : List.of("instance", "instances")) {
      JsonNode tree =
          JSON.readTree(client.get("/ws/v1/timeline/metrics/" + path + "?appId=" + app).body());
      assertThat(tree.get("").get(app)).extracting(JsonNode::asText).containsExactly("broker1");
    }
  }

  @Test
  void liveNodesSummaryAndSeriesIds() throws Exception {
    String app = "app" + run;
    post("uuid.metric", app, "uh", points(t0, 1000, 1));
    JsonNode live = JSON.readTree(client.get("/ws/v1/timeline/metrics/livenodes").body());
    assertThat(live.isArray()).isTrue();
    assertThat(live).isNotEmpty();

    JsonNode summary = JSON.readTree(client.get("/ws/v1/timeline/metrics/summary").body());
    assertThat(summary.at("/metadata/" + app).asText()).isEqualTo("1");
    assertThat(Integer.parseInt(summary.at("/metadata/Number of Hosts").asText())).isPositive();

    JsonNode ids =
        JSON.readTree(
            client
                .get(
                    "/ws/v1/timeline/metrics/uuid?metricName=uuid.metric&appId="
                        + app
                        + "&hostname=uh")
                .body());
    assertThat(ids.get("metricId").asInt()).isPositive();
    assertThat(ids.get("hostId").asInt()).isPositive();
    assertThat(client.get("/ws/v1/timeline/metrics/uuid?metricName=uuid.metric").statusCode())
        .isEqualTo(400);
    assertThat(client.get("/ws/v1/timeline/metrics/uuid?metricName=nope&appId=" + app).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aggregatedPostLandsInTheHostMinuteTable() throws Exception {
    String app = "app" + run;
    long minute = t0 / 60_000 * 60_000;
    String body =
        "{\"result\":[{\"timelineMetric\":{\"metricname\":\"agg.m\",\"appid\":\""
            + app
            + "\","
            + "\"hostname\":\"ah\",\"metrics\":{}},\"metricAggregate\":{\"sum\":12.0,\"deviation\":0.5,\"max\":5.0,"
            + "\"min\":1.0,\"numberOfSamples\":4}},{\"timelineMetric\":{\"appid\":\""
            + app
            + "\"},"
            + "\"metricAggregate\":{\"sum\":1}}],\"timeInMilis\":"
            + minute
            + "}";
    HttpResponse<String> r = client.post("/ws/v1/timeline/metrics/aggregated", body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("errors")).hasSize(1);
    assertThat(
            value(
                new String[] {
                  "hostname",
                  "ah",
                  "appId",
                  app,
                  "startTime",
                  s(minute - 60_000),
                  "endTime",
                  s(minute + 60_000),
                  "precision",
                  "minutes"
                },
                "agg.m"))
        .containsExactly(entry(minute, 3.0));
    assertThat(client.post("/ws/v1/timeline/metrics/aggregated", "{\"result\":[]}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void containerMetricsAreStoredInGigabytes() throws Exception {
    String container = "container_1700000000000_0042_01_00000" + (1 + Math.abs(run.hashCode() % 8));
    String body =
        "[{\"containerId\":\""
            + container
            + "\",\"hostName\":\"nm1\",\"pmemLimit\":2048,"
            + "\"vmemLimit\":4096,\"pmemUsedAvg\":1024,\"pmemUsedMin\":512,\"pmemUsedMax\":1536,\"pmem50Pct\":1024,"
            + "\"pmem75Pct\":1200,\"pmem90Pct\":1400,\"pmem95Pct\":1500,\"pmem99Pct\":1536,\"launchDuration\":100,"
            + "\"localizationDuration\":200,\"startTime\":1700000000000,\"finishTime\":1700000010000,\"exitCode\":0},"
            + "{\"containerId\":\"bogus\"}]";
    HttpResponse<String> r = client.post("/ws/v1/timeline/containermetrics", body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("errors")).hasSize(1);
    try (var c =
            java.sql.DriverManager.getConnection(
                "jdbc:phoenix:127.0.0.1:" + SharedCollector.zookeeperPort() + ":/hbase");
        var ps =
            c.prepareStatement(
                "SELECT APP_ID, MEM_REQUESTED_GB, MEM_REQUESTED_GB_MILLIS, "
                    + "MEM_UNUSED_GB, DURATION FROM CONTAINER_METRICS WHERE CONTAINER_ID = ?")) {
      ps.setString(1, container);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("application_1700000000000_0042");
        assertThat(rs.getDouble(2)).isEqualTo(2.0);
        assertThat(rs.getDouble(3)).isEqualTo(20_000.0);
        assertThat(rs.getDouble(4)).isEqualTo(1.0);
        assertThat(rs.getLong(5)).isEqualTo(10_000);
      }
    }
  }
}
