package io.almanac.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.storage.phoenix.PhoenixConnector;
import io.almanac.collector.testing.Await;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On embedded HBase the raw blocks go straight into the region server's regions, in the committing
 * thread, not over RPC: a few hundred kilobytes of blocks barely move the bytes its RPC server
 * receives, and every point reads back; POSTs that arrive while METRIC_RECORD splits wait for the
 * daughter regions and lose nothing.
 */
@ExtendWith(SharedCollector.class)
class LocalWritesIT {
  private static final int SERIES = 200;
  private static final int POINTS = 360;

  private final TimelineClient client = SharedCollector.client();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** {@code n} series of {@code points} random points each from {@code start}, hosts h0, h1, ... */
  private List<TimelineMetric> series(String metric, int n, int points, long start) {
    Random random = new Random(42);
    List<TimelineMetric> metrics = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      long[] times = new long[points];
      double[] values = new double[points];
      for (int i = 0; i < points; i++) {
        times[i] = start + i * 10_000L;
        values[i] = random.nextDouble(); // does not compress: about 8 bytes a point stored
      }
      metrics.add(
          TimelineMetric.of(metric, "localwrites", "h" + s + "." + run, Points.of(times, values)));
    }
    return metrics;
  }

  private List<TimelineMetric> readBack(String metric, long start) {
    return client.query(
        "metricNames",
        metric,
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
  }

  private static void assertSameSeries(List<TimelineMetric> got, List<TimelineMetric> posted) {
    assertThat(got).hasSize(posted.size());
    for (TimelineMetric m : got) {
      int s = Integer.parseInt(m.hostName().substring(1, m.hostName().indexOf('.')));
      assertThat(m.points()).as(m.hostName()).isEqualTo(posted.get(s).points());
    }
  }

  @Test
  void rawBlocksReachTheEmbeddedRegionServerWithoutRpc() throws Exception {
    long start = (System.currentTimeMillis() - 3_600_000L) / 10_000 * 10_000;
    List<TimelineMetric> metrics = series("local." + run, SERIES, POINTS, start);
    long blockBytesAtLeast = (long) SERIES * POINTS * 7;

    long before = regionServerReceivedBytes();
    for (int from = 0;
        from < SERIES;
        from += SERIES / 2) { // within the shared collector's POST limit
      var posted = client.post(new TimelineMetrics(metrics.subList(from, from + SERIES / 2)));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    }
    long received = regionServerReceivedBytes() - before;

    assertSameSeries(readBack("local." + run, start), metrics);
    // Over RPC the region server would have received every block; what it did receive is the
    // metadata of the new series (a few statements) and nothing of the blocks.
    assertThat(received).isLessThan(blockBytesAtLeast / 4);
  }

  @Test
  void postsGoOnWhileTheRawTableSplits() throws Exception {
    long start = (System.currentTimeMillis() - 3_600_000L) / 10_000 * 10_000;
    String metric = "split." + run;
    List<TimelineMetric> metrics = series(metric, 3_000, 60, start);
    TableName raw = TableName.valueOf("METRIC_RECORD");
    PhoenixConnector connector =
        new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");
    try (Connection c = connector.open();
        Admin admin = c.unwrap(PhoenixConnection.class).getQueryServices().getAdmin()) {
      // rows on disk, so the region has a middle key to split at
      post(metrics.subList(0, 200));
      admin.flush(raw);
      int regionsBefore = admin.getRegions(raw).size();

      AtomicBoolean split = new AtomicBoolean();
      AtomicInteger next = new AtomicInteger(200);
      AtomicInteger afterSplit = new AtomicInteger();
      ExecutorService executor = Executors.newSingleThreadExecutor();
      try {
        Future<?> poster =
            executor.submit(
                () -> {
                  // small POSTs until the split is done and a few more after it
                  while (next.get() < metrics.size() && afterSplit.get() < 5) {
                    int from = next.getAndAdd(20);
                    post(metrics.subList(from, Math.min(from + 20, metrics.size())));
                    if (split.get()) {
                      afterSplit.incrementAndGet();
                    }
                    Thread.sleep(50);
                  }
                  return null;
                });
        admin.split(raw);
        Await.until(
            "METRIC_RECORD to split",
            Duration.ofSeconds(60),
            () -> admin.getRegions(raw).size() > regionsBefore);
        split.set(true);
        poster.get(120, TimeUnit.SECONDS); // a refused POST fails here
      } finally {
        executor.shutdownNow();
      }
      assertThat(afterSplit.get()).as("POSTs after the split").isGreaterThan(0);

      int posted = Math.min(next.get(), metrics.size());
      assertSameSeries(readBack(metric, start), metrics.subList(0, posted));
    }
  }

  private void post(List<TimelineMetric> metrics) {
    var posted = client.post(new TimelineMetrics(metrics));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
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
