package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The collector as its own process, started the way {@code bin/almanac collector} starts it:
 * what a POST acknowledged is still there after a SIGTERM, and after a SIGKILL, and a new start on
 * the same data dir.
 */
class CollectorRestartIT {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process start(Path dataDir, int port) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-Dlog4j2.configurationFile=log4j2.xml"); // the product's logging, not the tests' console-only one
    cmd.addAll(List.of(System.getProperty("almanac.jvm.opens", "").split(" ")).stream()
        .filter(s -> !s.isBlank()).toList());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.almanac.collector.Main", "collector",
        "--bind", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-stdout.log").toFile()).start();
  }

  private static void awaitReady(TimelineClient client, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("collector process exited early").isTrue();
      try {
        if (client.get("/health").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException notListeningYet) {
        // the HTTP port opens a moment after the JVM starts
      }
      Thread.sleep(500);
    }
    throw new AssertionError("collector not ready within " + READY_TIMEOUT);
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy(); // SIGTERM
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("collector did not stop within 2 minutes of SIGTERM");
    }
  }

  @Test
  void acknowledgedDataSurvivesAStopAndACrash() throws Exception {
    Path dataDir = Path.of("target", "it-data", "restart-" + System.currentTimeMillis()).toAbsolutePath();
    Files.createDirectories(dataDir);
    int port = freePort();
    TimelineClient client = new TimelineClient("http://127.0.0.1:" + port);
    long now = System.currentTimeMillis() / 1000 * 1000;
    Points beforeStop = Points.of(new long[] {now - 20_000, now - 10_000, now}, new double[] {1.25, 2.5, 5});
    Points beforeCrash = Points.of(new long[] {now + 10_000, now + 20_000}, new double[] {6, 7});

    Process first = start(dataDir, port);
    try {
      awaitReady(client, first);
      assertThat(post(client, beforeStop)).isEqualTo(200);
    } finally {
      stop(first);
    }
    assertThat(first.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
    assertThat(dataDir.resolve("logs").resolve("collector.log")).exists();

    Process second = start(dataDir, port);
    try {
      awaitReady(client, second);
      assertThat(read(client, now)).isEqualTo(beforeStop);
      assertThat(post(client, beforeCrash)).isEqualTo(200);
    } finally {
      second.destroyForcibly(); // SIGKILL: no flush, no clean shutdown
      second.waitFor(1, TimeUnit.MINUTES);
    }

    Process third = start(dataDir, port);
    try {
      awaitReady(client, third);
      assertThat(read(client, now).toMap())
          .containsAllEntriesOf(beforeStop.toMap())
          .containsAllEntriesOf(beforeCrash.toMap());
      assertAggregatorsReportTheirLag(client);
    } finally {
      stop(third);
    }
  }

  /** The default configuration runs the aggregators; their checkpoints and lag are visible. */
  private static void assertAggregatorsReportTheirLag(TimelineClient client) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    com.fasterxml.jackson.databind.JsonNode summary;
    do {
      summary = json.readTree(client.get("/ws/v1/timeline/metrics/summary").body());
      if (summary.at("/aggregation/TimelineMetricHostAggregatorMinute").isTextual()) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    assertThat(summary.at("/aggregation/TimelineClusterAggregatorSecond").isTextual()).isTrue();
    assertThat(summary.at("/aggregationLagSeconds/TimelineMetricHostAggregatorMinute").asLong()).isBetween(0L, 600L);
    com.fasterxml.jackson.databind.JsonNode metrics = json.readTree(client.get("/admin/metrics").body());
    assertThat(metrics.at("/gauges/aggregation.TimelineMetricHostAggregatorMinute.lag.seconds/value").isNumber())
        .isTrue();
  }

  private static int post(TimelineClient client, Points points) {
    return client.post(new TimelineMetrics(List.of(TimelineMetric.of("restart.metric", "HOST", "h1", points))))
        .statusCode();
  }

  private static Points read(TimelineClient client, long now) {
    List<TimelineMetric> got = client.query("metricNames", "restart.%", "hostname", "h1", "appId", "HOST",
        "startTime", Long.toString(now - 60_000), "endTime", Long.toString(now + 60_000));
    assertThat(got).hasSize(1);
    return got.get(0).points();
  }
}
