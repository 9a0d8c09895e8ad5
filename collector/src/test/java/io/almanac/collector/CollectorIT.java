package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The collector's HTTP API against real embedded HBase and Phoenix. */
@ExtendWith(SharedCollector.class)
class CollectorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TimelineClient client = SharedCollector.client();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final long now = System.currentTimeMillis() / 1000 * 1000;

  private static Points points(long start, long stepMs, double... values) {
    long[] ts = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      ts[i] = start + i * stepMs;
    }
    return Points.of(ts, values);
  }

  private static TimelineMetric metric(String name, String app, String host, Points points) {
    return TimelineMetric.of(name, app, host, points);
  }

  private static String seconds(long ms) {
    return Long.toString(ms / 1000);
  }

  @Test
  void healthSaysReady() {
    HttpResponse<String> r = client.get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("ready");
  }

  @Test
  void postThenGetReturnsExactlyThePostedPoints() {
    double[] values = new double[200];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 7 == 0 ? Double.NaN : Math.sin(i) * 1e3;
    }
    Points longSeries =
        points(now - 2_000_000, 10_000, values); // 33 minutes: several stored blocks
    Points shortSeries = points(now - 60_000, 10_000, 1, 2, 3, 4, 5, 6);
    String name = "exact." + run;
    HttpResponse<String> posted =
        client.post(
            new TimelineMetrics(
                List.of(
                    metric(name, "namenode", "nn1." + run, longSeries),
                    metric(name, "namenode", "nn2." + run, shortSeries))));
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(posted.body()).isEqualTo("{\"errors\":[]}");
    assertThat(posted.headers().firstValue("Content-Type")).hasValue("application/json");

    List<TimelineMetric> got =
        client.query(
            "metricNames",
            name,
            "appId",
            "namenode",
            "hostname",
            "nn1." + run + ",nn2." + run,
            "startTime",
            seconds(now - 3_000_000),
            "endTime",
            seconds(now + 60_000),
            "precision",
            "seconds");
    assertThat(got).hasSize(2);
    assertThat(got.get(0).hostName()).isEqualTo("nn1." + run);
    assertThat(got.get(0).points()).isEqualTo(longSeries);
    assertThat(got.get(1).points()).isEqualTo(shortSeries);
    assertThat(got.get(0).startTime()).isEqualTo(longSeries.firstTimestamp());
  }

  @Test
  void timeRangeCutsPointsHalfOpenInSecondsOrMilliseconds() {
    String name = "range." + run;
    client.post(
        new TimelineMetrics(
            List.of(metric(name, "app", "h." + run, points(now, 10_000, 1, 2, 3, 4)))));
    List<TimelineMetric> bySeconds =
        client.query(
            "metricNames",
            name,
            "hostname",
            "h." + run,
            "startTime",
            seconds(now + 10_000),
            "endTime",
            seconds(now + 30_000));
    assertThat(bySeconds.get(0).points()).isEqualTo(points(now + 10_000, 10_000, 2, 3));
    List<TimelineMetric> byMillis =
        client.query(
            "metricNames",
            name,
            "hostname",
            "h." + run,
            "startTime",
            Long.toString(now + 10_001),
            "endTime",
            Long.toString(now + 30_001));
    assertThat(byMillis.get(0).points()).isEqualTo(points(now + 20_000, 10_000, 3, 4));
    assertThat(
            client.query(
                "metricNames",
                name,
                "hostname",
                "h." + run,
                "startTime",
                seconds(now + 60_000),
                "endTime",
                seconds(now + 60_000)))
        .isEmpty();
    assertThat(
            client
                .get(
                    "/ws/v1/timeline/metrics?metricNames="
                        + name
                        + "&startTime="
                        + seconds(now + 60_000)
                        + "&endTime="
                        + seconds(now))
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void wildcardFindsAMetricPostedAMomentAgo() {
    String name = "jvm." + run + ".MemHeapUsedM";
    assertThat(
            client.post(
                new TimelineMetrics(
                    List.of(metric(name, "datanode", "dn." + run, points(now, 10_000, 42))))))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(200);

    assertThat(
            client.query(
                "metricNames",
                "jvm." + run + "%",
                "hostname",
                "%",
                "appId",
                "datanode",
                "startTime",
                seconds(now - 60_000),
                "endTime",
                seconds(now + 60_000)))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.metricName()).isEqualTo(name);
              assertThat(m.hostName()).isEqualTo("dn." + run);
              assertThat(m.points()).isEqualTo(points(now, 10_000, 42));
            });
    assertThat(
            client.query(
                "metricNames",
                "%" + run + ".MemHeap%",
                "hostname",
                "dn." + run + ",%other",
                "startTime",
                seconds(now - 60_000),
                "endTime",
                seconds(now + 60_000)))
        .hasSize(1);
  }

  @Test
  void underscoreIsAPlainCharacterInPatterns() {
    client.post(
        new TimelineMetrics(
            List.of(
                metric("u" + run + "_a", "app", "h." + run, points(now, 1000, 1)),
                metric("u" + run + "Xa", "app", "h." + run, points(now, 1000, 2)))));
    assertThat(
            client.query(
                "metricNames",
                "u" + run + "_%",
                "hostname",
                "h." + run,
                "startTime",
                seconds(now - 60_000),
                "endTime",
                seconds(now + 60_000)))
        .extracting(TimelineMetric::metricName)
        .containsExactly("u" + run + "_a");
  }

  @Test
  void theAmsSmokeTestPayloadGoesInThroughTheTrailingSlashAndComesBack() {
    String host = "smoke." + run;
    String body =
        "{\"metrics\":[{\"metricname\":\"AMBARI_METRICS.SmokeTest.FakeMetric\",\"appid\":"
            + "\"amssmoketestfake\",\"hostname\":\""
            + host
            + "\",\"timestamp\":"
            + now
            + ",\"starttime\":"
            + now
            + ",\"metrics\":{\""
            + now
            + "\":0.963781711428,\""
            + (now + 1000)
            + "\":1432075898000}}]}";
    HttpResponse<String> r = client.post("/ws/v1/timeline/metrics/", body);
    assertThat(r.statusCode()).isEqualTo(200);
    List<TimelineMetric> got =
        client.query(
            "metricNames",
            "AMBARI_METRICS.SmokeTest.FakeMetric",
            "appId",
            "amssmoketestfake",
            "hostname",
            host,
            "precision",
            "seconds",
            "grouped",
            "false",
            "startTime",
            Long.toString(now - 1000),
            "endTime",
            Long.toString(now + 5000));
    assertThat(got)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.points().toMap())
                    .containsExactly(
                        Map.entry(now, 0.963781711428), Map.entry(now + 1000, 1.432075898E12)));
  }

  @Test
  void malformedJsonIs400AndNothingOfItIsStored() throws Exception {
    String kept = "kept." + run;
    client.post(
        new TimelineMetrics(List.of(metric(kept, "app", "h." + run, points(now, 1000, 7)))));

    String lost = "lost." + run;
    HttpResponse<String> r =
        client.post(
            "/ws/v1/timeline/metrics",
            "{\"metrics\":[{\"metricname\":\""
                + lost
                + "\",\"appid\":\"app\",\"hostname\":\"h."
                + run
                + "\",\"metrics\":{\""
                + now
                + "\":1}},{\"metricname\":");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = JSON.readTree(r.body()).get("RemoteException");
    assertThat(error.get("exception").asText()).isEqualTo("BadRequestException");
    assertThat(error.get("message").asText()).contains("Malformed JSON");

    assertThat(
            client.query(
                "metricNames",
                lost,
                "hostname",
                "h." + run,
                "startTime",
                seconds(now - 60_000),
                "endTime",
                seconds(now + 60_000)))
        .isEmpty();
    assertThat(
            client.query(
                "metricNames",
                kept,
                "hostname",
                "h." + run,
                "startTime",
                seconds(now - 60_000),
                "endTime",
                seconds(now + 60_000)))
        .hasSize(1);
  }

  @Test
  void aBatchWithOneBadMetricStoresTheOthersAndNamesTheBadOne() throws Exception {
    String good = "good." + run;
    String body =
        "{\"metrics\":["
            + "{\"metricname\":\""
            + good
            + ".1\",\"appid\":\"app\",\"hostname\":\"h."
            + run
            + "\",\"metrics\":{\""
            + now
            + "\":1}},"
            + "{\"metricname\":\""
            + good
            + ".bad\",\"appid\":\"app\",\"hostname\":\"h."
            + run
            + "\",\"metrics\":{\""
            + now
            + "\":\"twelve\"}},"
            + "{\"metricname\":\""
            + good
            + ".2\",\"appid\":\"app\",\"hostname\":\"h."
            + run
            + "\",\"metrics\":{\""
            + now
            + "\":2}}]}";
    HttpResponse<String> r = client.post("/ws/v1/timeline/metrics", body);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode errors = JSON.readTree(r.body()).get("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("entity").asText()).isEqualTo(good + ".bad");
    assertThat(errors.get(0).get("message").asText()).contains("metrics[1]").contains("twelve");

    assertThat(
            client.query(
                "metricNames",
                good + "%",
                "hostname",
                "h." + run,
                "startTime",
                seconds(now - 60_000),
                "endTime",
                seconds(now + 60_000)))
        .extracting(TimelineMetric::metricName)
        .containsExactlyInAnyOrder(good + ".1", good + ".2");
  }

  @Test
  void concurrentPostsAreAllAcknowledgedAndAllStored() throws Exception {
    int threads = 8;
    int postsPerThread = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        String host = "c" + t + "." + run;
        statuses.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int p = 0; p < postsPerThread; p++) {
                    List<TimelineMetric> batch = new ArrayList<>();
                    for (int m = 0; m < 10; m++) {
                      batch.add(
                          metric(
                              "conc." + run + "." + m,
                              "app",
                              host,
                              points(now + p * 60_000L, 10_000, 1, 2, 3, 4, 5, 6)));
                    }
                    if (client.post(new TimelineMetrics(batch)).statusCode() == 200) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> s : statuses) {
        assertThat(s.get()).isEqualTo(postsPerThread);
      }
    } finally {
      pool.shutdownNow();
    }
    List<TimelineMetric> got =
        client.query(
            "metricNames",
            "conc." + run + ".%",
            "hostname",
            "%",
            "startTime",
            seconds(now - 60_000),
            "endTime",
            seconds(now + postsPerThread * 60_000L));
    assertThat(got).hasSize(threads * 10);
    assertThat(got).allSatisfy(m -> assertThat(m.points().size()).isEqualTo(postsPerThread * 6));
  }

  @Test
  void aBodyOverTheLimitIs413WithOrWithoutContentLength() {
    String filler = "x".repeat((int) SharedCollector.MAX_REQUEST_BYTES);
    String body = "{\"metrics\":[],\"pad\":\"" + filler + "\"}";
    HttpResponse<String> r = client.post("/ws/v1/timeline/metrics", body);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("almanac.ingest.max.request.size");

    HttpResponse<String> chunked = client.postChunked("/ws/v1/timeline/metrics", body);
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  void metadataAndHostsComeFromWhatWasStored() throws Exception {
    String host = "meta." + run;
    TimelineMetric m =
        new TimelineMetric(
            "meta." + run,
            "resourcemanager",
            "cl1",
            host,
            0,
            now,
            "COUNTER",
            "ms",
            points(now, 1000, 1),
            Map.of("skipAggregation", "true"));
    assertThat(client.post(new TimelineMetrics(List.of(m))).statusCode()).isEqualTo(200);

    JsonNode meta =
        JSON.readTree(
            client
                .get(
                    "/ws/v1/timeline/metrics/metadata?appId=resourcemanager&metricName="
                        + "meta%5C."
                        + run)
                .body());
    assertThat(meta.get("resourcemanager")).hasSize(1);
    JsonNode entry = meta.get("resourcemanager").get(0);
    assertThat(entry.get("metricname").asText()).isEqualTo("meta." + run);
    assertThat(entry.get("type").asText()).isEqualTo("COUNTER");
    assertThat(entry.get("units").asText()).isEqualTo("ms");
    assertThat(entry.get("instanceId").asText()).isEqualTo("cl1");
    assertThat(entry.get("supportsAggregation").asBoolean()).isFalse();
    assertThat(entry.get("seriesStartTime").asLong()).isEqualTo(now);

    JsonNode hosts = JSON.readTree(client.get("/ws/v1/timeline/metrics/hosts").body());
    assertThat(hosts.get(host)).extracting(JsonNode::asText).containsExactly("resourcemanager");
  }

  @Test
  void withoutTimesTheLatestPointOfEachSeriesIsReturned() {
    String name = "latest." + run;
    client.post(
        new TimelineMetrics(
            List.of(metric(name, "app", "h." + run, points(now - 120_000, 10_000, 1, 2, 3)))));
    client.post(
        new TimelineMetrics(
            List.of(metric(name, "app", "h." + run, points(now - 30_000, 10_000, 4, 5)))));
    assertThat(client.query("metricNames", name, "hostname", "h." + run))
        .singleElement()
        .satisfies(m -> assertThat(m.points()).isEqualTo(points(now - 20_000, 1, 5)));
  }

  @Test
  void queryErrorsAre400WithTheAmsMessage() {
    HttpResponse<String> noName =
        client.get("/ws/v1/timeline/metrics?metricNames=&startTime=1&endTime=2");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body()).contains("No metric name filter specified.");
    HttpResponse<String> open = client.get("/ws/v1/timeline/metrics?metricNames=a&startTime=1");
    assertThat(open.statusCode()).isEqualTo(400);
    assertThat(open.body()).contains("Open ended query not supported");
  }

  @Test
  void aboutAnswers() {
    HttpResponse<String> r = client.get("/ws/v1/timeline");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"About\"");
  }

  @Test
  void selfMetricsCountWhatWasIngested() throws Exception {
    client.post(
        new TimelineMetrics(
            List.of(metric("self." + run, "app", "h." + run, points(now, 1000, 1, 2)))));
    JsonNode metrics = JSON.readTree(client.get("/admin/metrics").body());
    assertThat(metrics.at("/meters/ingest.points/count").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(metrics.at("/timers/ingest.commit/count").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(metrics.at("/gauges/ingest.buffer.points/value").isNumber()).isTrue();
    assertThat(metrics.at("/gauges/ingest.buffer.capacity.points/value").asLong()).isPositive();
    client.query(
        "metricNames",
        "self." + run,
        "hostname",
        "h." + run,
        "startTime",
        seconds(now - 1000),
        "endTime",
        seconds(now + 5000));
    JsonNode after = JSON.readTree(client.get("/admin/metrics").body());
    assertThat(after.at("/histograms/query.answer.points/count").asLong())
        .isGreaterThanOrEqualTo(1);
    assertThat(after.at("/histograms/query.answer.points/max").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(after.at("/gauges/storage.seal.pending.hours/value").isNumber()).isTrue();
    assertThat(after.at("/gauges/storage.seal.failures/value").asLong()).isZero();
  }

  @Test
  void compactsTheRawTablesOnRequest() throws Exception {
    HttpResponse<String> r = client.post("/admin/storage/compact", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.get("tables").toString())
        .isEqualTo("[\"METRIC_RECORD\",\"METRIC_RECORD_SEALED\"]");
    assertThat(answer.get("finished").asBoolean()).isTrue();
  }
}
