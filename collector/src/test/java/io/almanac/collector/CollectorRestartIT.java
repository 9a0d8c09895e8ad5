package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.CollectorProcess;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The collector as its own process, started the way {@code bin/almanac collector} starts it: what a
 * POST acknowledged is still there after a SIGTERM, and after a SIGKILL, and a new start on the
 * same data dir.
 */
class CollectorRestartIT {
  @Test
  void acknowledgedDataSurvivesAStopAndACrash() throws Exception {
    Path dataDir = Path.of("target", "it-data", "restart-" + System.currentTimeMillis());
    long now = System.currentTimeMillis() / 1000 * 1000;
    Points beforeStop =
        Points.of(new long[] {now - 20_000, now - 10_000, now}, new double[] {1.25, 2.5, 5});
    Points beforeCrash = Points.of(new long[] {now + 10_000, now + 20_000}, new double[] {6, 7});

    try (CollectorProcess collector = new CollectorProcess(dataDir, "512m")) {
      TimelineClient client = collector.client();
      collector.start();
      assertThat(warningsUntilReady(collector.outputFile(), 1))
          .as("WARN lines of a fresh start")
          .hasSizeLessThanOrEqualTo(3);
      assertThat(post(client, beforeStop)).isEqualTo(200);
      assertThat(collector.stop()).as("exit status after SIGTERM").isIn(0, 143);
      assertThat(dataDir.resolve("logs").resolve("collector.log")).exists();

      collector.start();
      assertThat(warningsUntilReady(collector.outputFile(), 2))
          .as("WARN lines of a stop and a restart")
          .hasSizeLessThanOrEqualTo(3);
      assertThat(read(client, now)).isEqualTo(beforeStop);
      assertThat(post(client, beforeCrash)).isEqualTo(200);
      collector.kill();

      collector.start();
      assertThat(read(client, now).toMap())
          .containsAllEntriesOf(beforeStop.toMap())
          .containsAllEntriesOf(beforeCrash.toMap());
      assertAggregatorsReportTheirLag(client);
      collector.stop();
    }
  }

  /**
   * The WARN lines logged after the previous start was ready (its stop included) until start number
   * {@code start} said it was ready: a newcomer reads each as trouble.
   */
  private static List<String> warningsUntilReady(Path output, int start) throws Exception {
    List<String> warnings = new java.util.ArrayList<>();
    int ready = 0;
    for (String line : java.nio.file.Files.readAllLines(output)) {
      if (line.contains("Collector ready in") && ++ready == start) {
        return warnings;
      }
      if (ready == start - 1 && line.contains(" WARN ")) {
        warnings.add(line);
      }
    }
    throw new AssertionError("start " + start + " never logged that it was ready; see " + output);
  }

  /** The default configuration runs the aggregators; their checkpoints and lag are visible. */
  private static void assertAggregatorsReportTheirLag(TimelineClient client) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    com.fasterxml.jackson.databind.JsonNode summary;
    do {
      summary = json.readTree(client.get("/ws/v1/timeline/metrics/summary").body());
      // Each aggregator writes its first checkpoint on its own first run: wait for both read here.
      if (summary.at("/aggregation/TimelineMetricHostAggregatorMinute").isTextual()
          && summary.at("/aggregation/TimelineClusterAggregatorSecond").isTextual()) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    assertThat(summary.at("/aggregation/TimelineClusterAggregatorSecond").isTextual()).isTrue();
    assertThat(summary.at("/aggregationLagSeconds/TimelineMetricHostAggregatorMinute").asLong())
        .isBetween(0L, 600L);
    com.fasterxml.jackson.databind.JsonNode metrics =
        json.readTree(client.get("/admin/metrics").body());
    assertThat(
            metrics
                .at("/gauges/aggregation.TimelineMetricHostAggregatorMinute.lag.seconds/value")
                .isNumber())
        .isTrue();
  }

  private static int post(TimelineClient client, Points points) {
    return client
        .post(
            new TimelineMetrics(List.of(TimelineMetric.of("restart.metric", "HOST", "h1", points))))
        .statusCode();
  }

  private static Points read(TimelineClient client, long now) {
    List<TimelineMetric> got =
        client.query(
            "metricNames",
            "restart.%",
            "hostname",
            "h1",
            "appId",
            "HOST",
            "startTime",
            Long.toString(now - 60_000),
            "endTime",
            Long.toString(now + 60_000));
    assertThat(got).hasSize(1);
    return got.get(0).points();
  }
}
