package io.almanac.hostmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AmsHostMetricsTest {
  private static final long GIB = 1L << 30;

  private static HostReading reading(
      long time, long[] ticks, long[] net, long[] sda, double[] processCpu) {
    return new HostReading(
        time,
        ticks,
        4,
        new double[] {0.5, 0.25, 0.125},
        new HostReading.Memory(8 * GIB, 2 * GIB, 5 * GIB, GIB / 4, GIB, GIB / 8),
        2 * GIB,
        GIB / 2,
        net,
        Map.of("sda", sda, "sdb", new long[] {1, 2, 3, 4, 5, 6}),
        Map.of(
            "/dev/sda1",
            new long[] {100 * GIB, 25 * GIB},
            "/dev/sdb1",
            new long[] {300 * GIB, 75 * GIB}),
        3,
        250,
        1_700_000_000L,
        Map.of("java", processCpu));
  }

  private final HostReading first =
      reading(
          10_000,
          new long[] {100, 0, 50, 800, 10, 5, 5, 0},
          new long[] {1000, 2000, 10, 20},
          new long[] {10, 20, 4096, 8192, 30, 40},
          new double[] {1, 1, 1});
  private final HostReading second =
      reading(
          20_000,
          new long[] {160, 10, 70, 900, 30, 5, 15, 10},
          new long[] {6000, 2500, 60, 25},
          new long[] {15, 30, 14336, 8192, 35, 50},
          new double[] {12.5, 512 * 1024, 40});

  @Test
  void cpuIsThePercentOfTicksSpentInEachState() {
    Map<String, Double> m = AmsHostMetrics.of(first, second);
    // deltas: user 60, nice 10, system 20, idle 100, iowait 20, irq 0, softirq 10, steal 10 = 230
    assertThat(m.get("cpu_user")).isCloseTo(100.0 * 60 / 230, within(1e-9));
    assertThat(m.get("cpu_nice")).isCloseTo(100.0 * 10 / 230, within(1e-9));
    assertThat(m.get("cpu_system")).isCloseTo(100.0 * 20 / 230, within(1e-9));
    assertThat(m.get("cpu_idle")).isCloseTo(100.0 * 100 / 230, within(1e-9));
    assertThat(m.get("cpu_wio")).isCloseTo(100.0 * 20 / 230, within(1e-9));
    assertThat(m.get("cpu_intr")).isEqualTo(0.0);
    assertThat(m.get("cpu_sintr")).isCloseTo(100.0 * 10 / 230, within(1e-9));
    assertThat(m.get("cpu_steal")).isCloseTo(100.0 * 10 / 230, within(1e-9));
    assertThat(m.get("cpu_num")).isEqualTo(4.0);
    assertThat(m)
        .containsEntry("load_one", 0.5)
        .containsEntry("load_five", 0.25)
        .containsEntry("load_fifteen", 0.125);
  }

  @Test
  void memoryAndSwapInKilobytes() {
    Map<String, Double> m = AmsHostMetrics.of(first, second);
    assertThat(m)
        .containsEntry("mem_total", 8.0 * 1024 * 1024)
        .containsEntry("mem_free", 5.0 * 1024 * 1024) // MemAvailable, as AMS
        .containsEntry(
            "mem_used", (8 - 2 - 0.25 - 1) * 1024 * 1024) // total - free - buffers - cached
        .containsEntry("mem_buffered", 0.25 * 1024 * 1024)
        .containsEntry("mem_cached", 1024.0 * 1024)
        .containsEntry("mem_shared", 0.125 * 1024 * 1024)
        .containsEntry("swap_total", 2.0 * 1024 * 1024)
        .containsEntry("swap_used", 0.5 * 1024 * 1024)
        .containsEntry("swap_free", 1.5 * 1024 * 1024);
  }

  @Test
  void networkAndDiskThroughputArePerSecond() {
    Map<String, Double> m = AmsHostMetrics.of(first, second);
    assertThat(m)
        .containsEntry("bytes_in", 500.0)
        .containsEntry("bytes_out", 50.0)
        .containsEntry("pkts_in", 5.0)
        .containsEntry("pkts_out", 0.5)
        .containsEntry("read_bps", 1024.0)
        .containsEntry("write_bps", 0.0);
  }

  @Test
  void diskSpaceInGigabytesAndIoAsCumulativeCounters() {
    Map<String, Double> m = AmsHostMetrics.of(first, second);
    assertThat(m)
        .containsEntry("disk_total", 400.0)
        .containsEntry("disk_free", 100.0)
        .containsEntry("disk_used", 300.0)
        .containsEntry("disk_percent", 75.0)
        .containsEntry("disk_num", 2.0)
        .containsEntry("sdisk_sda_read_count", 15.0)
        .containsEntry("sdisk_sda_write_time", 50.0)
        .containsEntry("read_count", 16.0)
        .containsEntry("write_count", 32.0)
        .containsEntry("read_bytes", 14339.0)
        .containsEntry("read_time", 40.0)
        .containsEntry("write_time", 56.0);
  }

  @Test
  void processesAndBootTime() {
    Map<String, Double> m = AmsHostMetrics.of(first, second);
    assertThat(m)
        .containsEntry("proc_run", 3.0)
        .containsEntry("proc_total", 250.0)
        .containsEntry("boottime", 1_700_000_000.0)
        .containsEntry("proc.java.cpu_pct", 12.5)
        .containsEntry("proc.java.rss", 512.0)
        .containsEntry("proc.java.threads", 40.0);
  }

  @Test
  void theFirstReadingHasNoRatesYet() {
    Map<String, Double> m = AmsHostMetrics.of(null, first);
    assertThat(m)
        .doesNotContainKeys("cpu_user", "bytes_in", "read_bps")
        .containsKeys("mem_total", "cpu_num");
  }
}
