package io.almanac.hostmonitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns two consecutive readings into AMS's HOST metric names, units and semantics (as the AMS
 * Python monitor computes them with psutil): CPU in percent of the interval, memory and swap in KB,
 * network in bytes and packets per second, disk space in GB, disk IO as cumulative counters (as
 * psutil reports them) plus read/write bytes per second.
 */
public final class AmsHostMetrics {
  private static final String[] CPU = {
    "cpu_user",
    "cpu_nice",
    "cpu_system",
    "cpu_idle",
    "cpu_wio",
    "cpu_intr",
    "cpu_sintr",
    "cpu_steal"
  };
  private static final double KB = 1024.0;
  private static final double GB = 1024.0 * 1024 * 1024;

  private AmsHostMetrics() {}

  /**
   * The metrics of {@code now}, with rates and percentages over the time since {@code before} (may
   * be null).
   */
  public static Map<String, Double> of(HostReading before, HostReading now) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (before != null) {
      long total = 0;
      long[] delta = new long[CPU.length];
      for (int i = 0; i < CPU.length; i++) {
        delta[i] = Math.max(0, now.cpuTicks()[i] - before.cpuTicks()[i]);
        total += delta[i];
      }
      for (int i = 0; i < CPU.length && total > 0; i++) {
        m.put(CPU[i], 100.0 * delta[i] / total);
      }
    }
    m.put("cpu_num", (double) now.cpuCount());
    if (now.load()[0] >= 0) {
      m.put("load_one", now.load()[0]);
      m.put("load_five", now.load()[1]);
      m.put("load_fifteen", now.load()[2]);
    }
    m.put("proc_run", (double) now.processesRunning());
    m.put("proc_total", (double) now.processesTotal());
    m.put("boottime", (double) now.bootTime());

    HostReading.Memory mem = now.memory();
    m.put("mem_total", mem.total() / KB);
    m.put("mem_free", mem.available() / KB);
    m.put("mem_used", (mem.total() - mem.free() - mem.buffers() - mem.cached()) / KB);
    m.put("mem_shared", mem.shared() / KB);
    m.put("mem_buffered", mem.buffers() / KB);
    m.put("mem_cached", mem.cached() / KB);
    m.put("swap_total", now.swapTotal() / KB);
    m.put("swap_used", now.swapUsed() / KB);
    m.put("swap_free", (now.swapTotal() - now.swapUsed()) / KB);

    double seconds = before == null ? 0 : (now.time() - before.time()) / 1000.0;
    if (seconds > 0) {
      m.put("bytes_in", rate(before.network()[0], now.network()[0], seconds));
      m.put("bytes_out", rate(before.network()[1], now.network()[1], seconds));
      m.put("pkts_in", rate(before.network()[2], now.network()[2], seconds));
      m.put("pkts_out", rate(before.network()[3], now.network()[3], seconds));
    }

    double total = 0;
    double free = 0;
    for (long[] fs : now.fileSystems().values()) {
      total += fs[0];
      free += fs[1];
    }
    m.put("disk_total", total / GB);
    m.put("disk_free", free / GB);
    m.put("disk_used", (total - free) / GB);
    m.put("disk_percent", total == 0 ? 0 : 100.0 * (total - free) / total);
    m.put("disk_num", (double) now.disks().size());

    long[] sum = new long[6];
    for (Map.Entry<String, long[]> d : now.disks().entrySet()) {
      long[] io = d.getValue();
      String p = "sdisk_" + d.getKey() + "_";
      m.put(p + "read_count", (double) io[0]);
      m.put(p + "write_count", (double) io[1]);
      m.put(p + "read_bytes", (double) io[2]);
      m.put(p + "write_bytes", (double) io[3]);
      m.put(p + "read_time", (double) io[4]);
      m.put(p + "write_time", (double) io[5]);
      for (int i = 0; i < 6; i++) {
        sum[i] += io[i];
      }
    }
    m.put("read_count", (double) sum[0]);
    m.put("write_count", (double) sum[1]);
    m.put("read_bytes", (double) sum[2]);
    m.put("write_bytes", (double) sum[3]);
    m.put("read_time", (double) sum[4]);
    m.put("write_time", (double) sum[5]);
    if (seconds > 0) {
      long readBefore = 0;
      long writeBefore = 0;
      for (long[] io : before.disks().values()) {
        readBefore += io[2];
        writeBefore += io[3];
      }
      m.put("read_bps", rate(readBefore, sum[2], seconds));
      m.put("write_bps", rate(writeBefore, sum[3], seconds));
    }

    for (Map.Entry<String, double[]> p : now.processes().entrySet()) {
      String prefix = "proc." + p.getKey() + ".";
      m.put(prefix + "cpu_pct", p.getValue()[0]);
      m.put(prefix + "rss", p.getValue()[1] / KB);
      m.put(prefix + "threads", p.getValue()[2]);
    }
    return m;
  }

  /** Per second; a counter that went backwards (reboot, wrap) counts as 0. */
  private static double rate(long before, long now, double seconds) {
    return Math.max(0, now - before) / seconds;
  }
}
