package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.http.TimelineResource;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Queries as real clients make them, right after the data arrives: 1,000 hosts post a day of points
 * and are read back at once, at every precision, by wildcard and by 1,000 names in the URL, for a
 * day and for a week. The shared collector runs no aggregator, so every rollup here is computed
 * from the raw points at query time, with the aggregators' math.
 */
@ExtendWith(SharedCollector.class)
class QueryFreshnessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HOSTS = 1000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 24 * HOUR;
  private static final String PATH = "/ws/v1/timeline/metrics";
  private static final String APP = "fresh" + UUID.randomUUID().toString().substring(0, 8);
  private static final long NOW = System.currentTimeMillis() / 600_000 * 600_000;
  private static final TimelineClient CLIENT = SharedCollector.client();

  private static String host(int h) {
    return "fresh-" + APP + "-" + h + ".example.org";
  }

  /** Every host posts one point every 10 minutes over the last day, its own index as the value. */
  @BeforeAll
  static void postADayFromAThousandHosts() {
    for (int first = 0; first < HOSTS; first += 100) {
      StringBuilder body = new StringBuilder("{\"metrics\":[");
      for (int h = first; h < first + 100; h++) {
        body.append(h == first ? "" : ",")
            .append("{\"metricname\":\"fresh.bytes\",\"appid\":\"")
            .append(APP)
            .append("\",\"hostname\":\"")
            .append(host(h))
            .append("\",\"metrics\":{");
        for (long t = NOW - DAY + 600_000; t < NOW; t += 600_000) {
          body.append(t == NOW - DAY + 600_000 ? "" : ",")
              .append('"')
              .append(t)
              .append("\":")
              .append(h);
        }
        body.append("}}");
      }
      HttpResponse<String> r = CLIENT.post(PATH, body.append("]}").toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(String query) {
    return CLIENT.get(PATH + "?metricNames=fresh.bytes&appId=" + APP + "&" + query);
  }

  /**
   * The answer's series by host, each with its points' values; checks every host has its own value.
   */
  private static void assertEveryHostHasItsValue(HttpResponse<String> r, String precision)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue(TimelineResource.PRECISION_HEADER)).contains(precision);
    JsonNode metrics = JSON.readTree(r.body()).get("metrics");
    assertThat(metrics).hasSize(HOSTS);
    for (JsonNode m : metrics) {
      int h =
          Integer.parseInt(
              m.get("hostname").asText().replaceAll(".*-(\\d+)\\.example\\.org", "$1"));
      assertThat(m.get("metrics").size()).as(m.get("hostname").asText()).isPositive();
      m.get("metrics").elements().forEachRemaining(v -> assertThat(v.asDouble()).isEqualTo(h));
    }
  }

  @Test
  void aDayByWildcardRightAfterThePostsHasEveryHost() throws Exception {
    // From the first point on: within the raw table's one-day TTL, so raw points are still a
    // choice.
    String day = "startTime=" + (NOW - DAY + 600_000) + "&endTime=" + NOW;
    assertEveryHostHasItsValue(get("hostname=%25&" + day), "seconds");
    // With AMS's row limit the planner moves to daily rows, which no aggregator has written yet.
    assertEveryHostHasItsValue(get("hostname=%25&limit=5760&" + day), "days");
    for (String precision : List.of("minutes", "hours", "days")) {
      assertEveryHostHasItsValue(get("hostname=%25&precision=" + precision + "&" + day), precision);
    }
  }

  @Test
  void aThousandHostNamesInTheUrlAreTaken() throws Exception {
    String hosts =
        String.join(",", IntStream.range(0, HOSTS).mapToObj(QueryFreshnessIT::host).toList());
    assertThat(hosts.length()).isGreaterThan(30_000);
    assertEveryHostHasItsValue(
        get(
            "hostname="
                + hosts
                + "&startTime="
                + (NOW - DAY)
                + "&endTime="
                + NOW
                + "&precision=hours"),
        "hours");
  }

  @Test
  void twoThousandMetricNamesInTheUrlAreTaken() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      names.add("fresh.absent." + i);
    }
    names.add("fresh.bytes");
    HttpResponse<String> r =
        CLIENT.get(
            PATH
                + "?metricNames="
                + String.join(",", names)
                + "&appId="
                + APP
                + "&hostname="
                + host(7)
                + "&startTime="
                + (NOW - HOUR)
                + "&endTime="
                + NOW);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("fresh.bytes").doesNotContain("fresh.absent");
  }

  @Test
  void aWeekOfAThousandHostsAtDaysAndAmbarisRetryChainEndWithData() throws Exception {
    String week = "hostname=%25&startTime=" + (NOW - 7 * DAY) + "&endTime=" + NOW;
    assertEveryHostHasItsValue(get(week + "&precision=days"), "days");
    // 10,080 raw rows x 1,000 hosts exceed the 10 million point budget; 5-minute rows fit.
    HttpResponse<String> seconds = get(week + "&precision=seconds");
    assertThat(seconds.statusCode()).isEqualTo(400);
    assertThat(seconds.body()).contains("PrecisionLimitExceededException");
    assertEveryHostHasItsValue(get(week + "&precision=minutes"), "minutes");
  }

  @Test
  void clusterSlicesAndTheirRollupsAreThereBeforeAnyAggregatorRan() throws Exception {
    HttpResponse<String> r =
        CLIENT.get(
            PATH
                + "?metricNames=fresh.bytes._sum&appId="
                + APP
                + "&startTime="
                + (NOW - 2 * HOUR)
                + "&endTime="
                + NOW
                + "&precision=minutes");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue(TimelineResource.PRECISION_HEADER)).contains("minutes");
    JsonNode metrics = JSON.readTree(r.body()).get("metrics");
    assertThat(metrics).hasSize(1);
    List<Double> sums = new ArrayList<>();
    metrics.get(0).get("metrics").elements().forEachRemaining(v -> sums.add(v.asDouble()));
    // Every host reports at the same instants: each 30 s slice with data sums 0 + 1 + ... + 999.
    assertThat(sums).isNotEmpty().allSatisfy(v -> assertThat(v).isEqualTo(499_500.0));
  }

  @Test
  void everyMetricsAnswerNamesItsPrecision() {
    assertThat(get("hostname=" + host(3)).headers().firstValue(TimelineResource.PRECISION_HEADER))
        .contains("seconds");
    assertThat(
            get("hostname="
                    + host(3)
                    + "&startTime="
                    + (NOW - DAY)
                    + "&endTime="
                    + NOW
                    + "&precision=hours")
                .headers()
                .firstValue(TimelineResource.PRECISION_HEADER))
        .contains("hours");
  }

  @Test
  void liveNodesNamesThisMachineAsHostnamePrintsIt() throws Exception {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    String name = Files.exists(kernel) ? Files.readString(kernel).trim() : "";
    JsonNode nodes = JSON.readTree(CLIENT.get(PATH + "/livenodes").body());
    assertThat(nodes).hasSize(1);
    assertThat(nodes.get(0).asText()).matches(".+:\\d+");
    if (!name.isEmpty() && !name.startsWith("localhost")) {
      // this machine has a name of its own: that is what sinks are told, not localhost
      assertThat(nodes.get(0).asText()).startsWith(name + ":");
    }
  }
}
