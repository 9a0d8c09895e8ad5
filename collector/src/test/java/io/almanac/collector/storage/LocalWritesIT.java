package io.almanac.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.Await;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On embedded HBase the raw blocks reach the region server through its own connection, in the
 * committing thread, not over RPC: a few hundred kilobytes of blocks barely move the bytes its RPC
 * server receives, and every point reads back.
 */
@ExtendWith(SharedCollector.class)
class LocalWritesIT {
  private static final int SERIES = 200;
  private static final int POINTS = 360;

  private final TimelineClient client = SharedCollector.client();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void rawBlocksReachTheEmbeddedRegionServerWithoutRpc() throws Exception {
    long start = (System.currentTimeMillis() - 3_600_000L) / 10_000 * 10_000;
    Random random = new Random(42);
    List<TimelineMetric> metrics = new ArrayList<>();
    for (int s = 0; s < SERIES; s++) {
      long[] times = new long[POINTS];
      double[] values = new double[POINTS];
      for (int i = 0; i < POINTS; i++) {
        times[i] = start + i * 10_000L;
        values[i] = random.nextDouble(); // does not compress: about 8 bytes a point stored
      }
      metrics.add(
          TimelineMetric.of(
              "local." + run, "localwrites", "h" + s + "." + run, Points.of(times, values)));
    }
    long blockBytesAtLeast = (long) SERIES * POINTS * 7;

    long before = regionServerReceivedBytes();
    for (int from = 0;
        from < SERIES;
        from += SERIES / 2) { // within the shared collector's POST limit
      var posted = client.post(new TimelineMetrics(metrics.subList(from, from + SERIES / 2)));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    }
    long received = regionServerReceivedBytes() - before;

    List<TimelineMetric> got =
        client.query(
            "metricNames",
            "local." + run,
            "appId",
            "localwrites",
            "hostname",
            "%." + run,
            "startTime",
            Long.toString(start / 1000),
            "endTime",
            Long.toString(start / 1000 + 3_600),
            "precision",
            "seconds");
    assertThat(got).hasSize(SERIES);
    for (TimelineMetric m : got) {
      int s = Integer.parseInt(m.hostName().substring(1, m.hostName().indexOf('.')));
      assertThat(m.points()).isEqualTo(metrics.get(s).points());
    }
    // Over RPC the region server would have received every block; what it did receive is the
    // metadata of the new series (a few statements) and nothing of the blocks.
    assertThat(received).isLessThan(blockBytesAtLeast / 4);
  }

  /** What the embedded region server's RPC server has received so far, in bytes. */
  private static long regionServerReceivedBytes() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName ipc = new ObjectName("Hadoop:service=HBase,name=RegionServer,sub=IPC");
    // HBase registers its metrics sources a moment after the region server starts
    Await.until(
        "the region server's IPC metrics", Duration.ofSeconds(30), () -> server.isRegistered(ipc));
    return ((Number) server.getAttribute(ipc, "receivedBytes")).longValue();
  }
}
