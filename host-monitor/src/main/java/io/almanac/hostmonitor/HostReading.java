package io.almanac.hostmonitor;

import java.util.Map;

/**
 * Raw readings of a host at one instant, before any rate or percentage is computed.
 *
 * @param time epoch ms of the reading
 * @param cpuTicks cumulative CPU ticks: user, nice, system, idle, iowait, irq, softirq, steal
 * @param cpuCount logical processors
 * @param load 1, 5 and 15 minute load averages (negative when unknown)
 * @param memory /proc/meminfo style values in bytes: total, free, available, buffers, cached,
 *     shared
 * @param swapTotal swap size, bytes
 * @param swapUsed swap in use, bytes
 * @param network cumulative totals over non-loopback interfaces: bytes in, bytes out, packets in,
 *     packets out
 * @param disks cumulative IO per device: reads, writes, read bytes, write bytes, read ms, write ms
 * @param fileSystems local file systems deduplicated by device: device to total and free bytes
 * @param processesRunning processes running
 * @param processesTotal all processes
 * @param bootTime boot time, epoch seconds
 * @param processes per watched process name: cpu percent, RSS bytes, threads
 */
public record HostReading(
    long time,
    long[] cpuTicks,
    int cpuCount,
    double[] load,
    Memory memory,
    long swapTotal,
    long swapUsed,
    long[] network,
    Map<String, long[]> disks,
    Map<String, long[]> fileSystems,
    long processesRunning,
    long processesTotal,
    long bootTime,
    Map<String, double[]> processes) {

  /**
   * Memory figures in bytes.
   *
   * @param total MemTotal
   * @param free MemFree
   * @param available MemAvailable
   * @param buffers Buffers
   * @param cached Cached
   * @param shared Shmem
   */
  public record Memory(
      long total, long free, long available, long buffers, long cached, long shared) {}
}
