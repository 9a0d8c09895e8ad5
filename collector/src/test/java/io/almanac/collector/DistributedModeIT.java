package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.server.CollectorServer;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second collector in distributed mode, pointed at the ZooKeeper of the shared (embedded)
 * collector's HBase: two collectors on one HBase, as in a multi-collector deployment.
 */
@ExtendWith(SharedCollector.class)
class DistributedModeIT {
  private static CollectorServer second;
  private static TimelineClient secondClient;

  @BeforeAll
  static void startSecondCollector() throws Exception {
    second = SharedCollector.distributedCollector(0, "distributed");
    second.start();
    secondClient = new TimelineClient("http://127.0.0.1:" + second.port());
  }

  @AfterAll
  static void stopSecondCollector() {
    if (second != null) {
      second.close();
    }
  }

  @Test
  void whatOneCollectorStoresTheOtherServesAtOnce() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    long now = System.currentTimeMillis() / 1000 * 1000;
    Points points = Points.of(new long[] {now, now + 10_000}, new double[] {3, 4});
    assertThat(
            secondClient
                .post(
                    new TimelineMetrics(
                        List.of(TimelineMetric.of("dist." + run, "hbase", "rs." + run, points))))
                .statusCode())
        .isEqualTo(200);

    assertThat(
            SharedCollector.client()
                .query(
                    "metricNames",
                    "dist." + run.substring(0, 4) + "%",
                    "hostname",
                    "rs.%",
                    "startTime",
                    Long.toString(now - 1000),
                    "endTime",
                    Long.toString(now + 60_000)))
        .singleElement()
        .satisfies(m -> assertThat(m.points()).isEqualTo(points));
  }

  @Test
  void twoCollectorsMeetingANewMetricAtOnceAgreeOnOneSeries() throws Exception {
    String name = "race." + UUID.randomUUID();
    long now = System.currentTimeMillis() / 1000 * 1000;
    TimelineClient first = SharedCollector.client();
    CompletableFuture<Integer> a =
        CompletableFuture.supplyAsync(
            () ->
                first
                    .post(
                        new TimelineMetrics(
                            List.of(
                                TimelineMetric.of(
                                    name,
                                    "app",
                                    "h",
                                    Points.of(new long[] {now}, new double[] {1})))))
                    .statusCode());
    CompletableFuture<Integer> b =
        CompletableFuture.supplyAsync(
            () ->
                secondClient
                    .post(
                        new TimelineMetrics(
                            List.of(
                                TimelineMetric.of(
                                    name,
                                    "app",
                                    "h",
                                    Points.of(new long[] {now + 1000}, new double[] {2})))))
                    .statusCode());
    assertThat(a.get()).isEqualTo(200);
    assertThat(b.get()).isEqualTo(200);

    for (TimelineClient client : List.of(first, secondClient)) {
      assertThat(
              client.query(
                  "metricNames",
                  name,
                  "hostname",
                  "h",
                  "startTime",
                  Long.toString(now - 1000),
                  "endTime",
                  Long.toString(now + 5000)))
          .singleElement()
          .satisfies(m -> assertThat(m.points().toMap()).containsOnlyKeys(now, now + 1000));
    }
  }
}
