package io.almanac.collector.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.hostmonitor.HostMonitor;
import io.almanac.hostmonitor.OshiReadingSource;
import io.almanac.model.TimelineMetric;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host monitor against a real collector: every AMS host metric name arrives, with true values.
 */
@ExtendWith(SharedCollector.class)
class HostMonitorIT {
  static final List<String> AMS_NAMES =
      List.of(
          "cpu_user",
          "cpu_system",
          "cpu_nice",
          "cpu_idle",
          "cpu_wio",
          "cpu_intr",
          "cpu_sintr",
          "cpu_steal",
          "cpu_num",
          "load_one",
          "load_five",
          "load_fifteen",
          "mem_total",
          "mem_free",
          "mem_shared",
          "mem_buffered",
          "mem_cached",
          "mem_used",
          "swap_total",
          "swap_free",
          "swap_used",
          "bytes_in",
          "bytes_out",
          "pkts_in",
          "pkts_out",
          "disk_total",
          "disk_free",
          "disk_used",
          "disk_percent",
          "disk_num",
          "read_count",
          "write_count",
          "read_bytes",
          "write_bytes",
          "read_time",
          "write_time",
          "read_bps",
          "write_bps",
          "proc_run",
          "proc_total",
          "boottime");

  @Test
  void deliversEveryAmsHostMetricWithTrueValues() throws Exception {
    String host = "hm-" + UUID.randomUUID().toString().substring(0, 8);
    TimelineEmitter emitter =
        new TimelineEmitter(
            new EmitterConfig()
                .collectors(List.of("127.0.0.1:" + SharedCollector.server().port()))
                .discoveryIntervalMs(0)
                .hostName(host));
    HostMonitor monitor = new HostMonitor(new OshiReadingSource(List.of()), emitter, host, "");
    long start = System.currentTimeMillis();
    monitor.start(Duration.ofMillis(500), Duration.ofSeconds(2));
    Map<String, Double> latest = new TreeMap<>();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!latest.keySet().containsAll(AMS_NAMES) && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        latest.clear();
        for (TimelineMetric m :
            SharedCollector.client()
                .query(
                    "metricNames",
                    "%",
                    "hostname",
                    host,
                    "appId",
                    "HOST",
                    "startTime",
                    Long.toString(start - 1000),
                    "endTime",
                    Long.toString(System.currentTimeMillis() + 1000))) {
          latest.put(m.metricName(), m.points().value(m.points().size() - 1));
        }
      }
    } finally {
      monitor.close();
    }
    assertThat(latest.keySet()).containsAll(AMS_NAMES);
    assertThat(
            latest.keySet().stream()
                .anyMatch(n -> n.startsWith("sdisk_") && n.endsWith("_read_count")))
        .isTrue();

    long memTotalKb =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal:"))
            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElseThrow();
    assertThat(latest.get("mem_total")).isEqualTo((double) memTotalKb);
    Process nproc = new ProcessBuilder("nproc").start();
    int cpus = Integer.parseInt(new String(nproc.getInputStream().readAllBytes()).trim());
    assertThat(latest.get("cpu_num")).isEqualTo((double) cpus);
    assertThat(latest.get("cpu_idle")).isBetween(0.0, 100.0);
  }
}
