package io.almanac.collector.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.model.TimelineMetric;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.metrics2.MetricsCollector;
import org.apache.hadoop.metrics2.MetricsSource;
import org.apache.hadoop.metrics2.MetricsSystem;
import org.apache.hadoop.metrics2.impl.MetricsSystemImpl;
import org.apache.hadoop.metrics2.lib.Interns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Hadoop metrics system, configured by a hadoop-metrics2 properties file on the class path
 * as a daemon's would be, drives the Almanac sink into a real collector; the metrics are read back
 * through GET.
 */
@ExtendWith(SharedCollector.class)
class HadoopSinkIT {
  @Test
  void metrics2RecordsArriveWithAmsNamesAndTypes() throws Exception {
    String app = "hadoop" + UUID.randomUUID().toString().substring(0, 8);
    File classes =
        new File(HadoopSinkIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.writeString(
        new File(classes, "hadoop-metrics2-almanacit.properties").toPath(),
        String.join(
            "\n",
            "*.period=3600",
            "almanacit.sink.timeline.class=io.almanac.sinks.hadoop.TimelineMetricsSink",
            "almanacit.sink.timeline.collector.hosts=127.0.0.1:" + SharedCollector.server().port(),
            "almanacit.sink.timeline.serviceName=" + app,
            "almanacit.sink.timeline.slave.host.name=dn7",
            "almanacit.sink.timeline.sendInterval=0",
            "almanacit.sink.timeline.discoveryInterval=0",
            "almanacit.sink.timeline.tagsForPrefix.dfs=Queue",
            ""));
    // Its own metrics system: the embedded HBase of this JVM already owns DefaultMetricsSystem.
    MetricsSystem system = new MetricsSystemImpl("almanacit").init("almanacit");
    try {
      system.register(
          "DataNodeActivity",
          "test source",
          (MetricsSource)
              (MetricsCollector collector, boolean all) ->
                  collector
                      .addRecord("DataNodeActivity")
                      .setContext("dfs")
                      .tag(Interns.info("Queue", "queue tag"), "q1")
                      .tag(Interns.info("Hostname", "host tag"), "ignored")
                      .addCounter(Interns.info("BytesWritten", "bytes"), 4096L)
                      .addGauge(Interns.info("XceiverCount", "xceivers"), 12));
      system.publishMetricsNow();

      long now = System.currentTimeMillis();
      List<TimelineMetric> got = List.of();
      long deadline = System.currentTimeMillis() + 30_000;
      while (got.size() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        got =
            SharedCollector.client()
                .query(
                    "metricNames",
                    "dfs.DataNodeActivity.%",
                    "hostname",
                    "dn7",
                    "appId",
                    app,
                    "startTime",
                    Long.toString(now - 600_000),
                    "endTime",
                    Long.toString(now + 60_000));
      }
      assertThat(got)
          .extracting(TimelineMetric::metricName)
          .containsExactlyInAnyOrder(
              "dfs.DataNodeActivity.Queue=q1.BytesWritten",
              "dfs.DataNodeActivity.Queue=q1.XceiverCount");
      assertThat(got).allSatisfy(m -> assertThat(m.points().size()).isEqualTo(1));
      assertThat(
              got.stream()
                  .filter(m -> m.metricName().endsWith("BytesWritten"))
                  .findFirst()
                  .get()
                  .points()
                  .value(0))
          .isEqualTo(4096.0);
      String types =
          SharedCollector.client().get("/ws/v1/timeline/metrics/metadata?appId=" + app).body();
      assertThat(types).contains("\"type\":\"COUNTER\"").contains("\"type\":\"GAUGE\"");
    } finally {
      system.shutdown();
    }
  }
}
