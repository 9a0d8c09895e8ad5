package io.almanac.hostmonitor;

import java.io.IOException;
import java.net.NetworkInterface;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import oshi.util.FileUtil;
import oshi.util.ParseUtil;

/**
 * Reads the host through OSHI. Where OSHI has no figure that psutil (and so AMS) reports, the same
 * kernel file psutil reads is taken through OSHI's file utilities: buffers, cached and shared
 * memory from {@code /proc/meminfo}, per-disk read and write times from {@code /proc/diskstats},
 * running processes from {@code /proc/stat}. Those are 0 on systems without them.
 */
public final class OshiReadingSource implements ReadingSource {
  private static final Set<String> PSEUDO_FS =
      Set.of("tmpfs", "devtmpfs", "overlay", "squashfs", "ramfs", "aufs");

  private final HardwareAbstractionLayer hardware;
  private final OperatingSystem os;
  private final CentralProcessor cpu;
  private final List<String> watchedProcesses;

  /** A source watching the processes named in {@code watchedProcesses} (may be empty). */
  public OshiReadingSource(List<String> watchedProcesses) {
    SystemInfo si = new SystemInfo();
    this.hardware = si.getHardware();
    this.os = si.getOperatingSystem();
    this.cpu = hardware.getProcessor();
    this.watchedProcesses = List.copyOf(watchedProcesses);
  }

  @Override
  public HostReading read() {
    long now = System.currentTimeMillis();
    long[] t = cpu.getSystemCpuLoadTicks();
    long[] ticks = {
      t[CentralProcessor.TickType.USER.getIndex()], t[CentralProcessor.TickType.NICE.getIndex()],
      t[CentralProcessor.TickType.SYSTEM.getIndex()], t[CentralProcessor.TickType.IDLE.getIndex()],
      t[CentralProcessor.TickType.IOWAIT.getIndex()], t[CentralProcessor.TickType.IRQ.getIndex()],
      t[CentralProcessor.TickType.SOFTIRQ.getIndex()], t[CentralProcessor.TickType.STEAL.getIndex()]
    };
    GlobalMemory memory = hardware.getMemory();
    Map<String, String> meminfo = FileUtil.getKeyValueMapFromFile("/proc/meminfo", ":");
    HostReading.Memory mem =
        new HostReading.Memory(
            memory.getTotal(),
            kb(meminfo, "MemFree"),
            memory.getAvailable(),
            kb(meminfo, "Buffers"),
            kb(meminfo, "Cached"),
            kb(meminfo, "Shmem"));
    return new HostReading(
        now,
        ticks,
        cpu.getLogicalProcessorCount(),
        cpu.getSystemLoadAverage(3),
        mem,
        memory.getVirtualMemory().getSwapTotal(),
        memory.getVirtualMemory().getSwapUsed(),
        network(),
        disks(),
        fileSystems(),
        runningProcesses(),
        os.getProcessCount(),
        os.getSystemBootTime(),
        processes());
  }

  private static long kb(Map<String, String> meminfo, String key) {
    String v = meminfo.get(key);
    return v == null ? 0 : ParseUtil.parseLongOrDefault(v.trim().split("\\s+")[0], 0) * 1024;
  }

  private long[] network() {
    long[] totals = new long[4];
    for (NetworkIF nif : hardware.getNetworkIFs(false)) {
      NetworkInterface ni = nif.queryNetworkInterface();
      try {
        if (ni != null && ni.isLoopback()) {
          continue;
        }
      } catch (IOException e) {
        continue;
      }
      totals[0] += nif.getBytesRecv();
      totals[1] += nif.getBytesSent();
      totals[2] += nif.getPacketsRecv();
      totals[3] += nif.getPacketsSent();
    }
    return totals;
  }

  /** Whole disks (as OSHI lists them) with their {@code /proc/diskstats} counters. */
  private Map<String, long[]> disks() {
    Set<String> names = new HashSet<>();
    for (HWDiskStore d : hardware.getDiskStores()) {
      String n = d.getName();
      names.add(n.substring(n.lastIndexOf('/') + 1));
    }
    Map<String, long[]> out = new TreeMap<>();
    for (String line : FileUtil.readFile("/proc/diskstats", false)) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 11 || !names.contains(f[2])) {
        continue;
      }
      // reads, writes, sectors read x 512, sectors written x 512, ms reading, ms writing
      out.put(
          f[2],
          new long[] {
            ParseUtil.parseLongOrDefault(f[3], 0),
            ParseUtil.parseLongOrDefault(f[7], 0),
            ParseUtil.parseLongOrDefault(f[5], 0) * 512,
            ParseUtil.parseLongOrDefault(f[9], 0) * 512,
            ParseUtil.parseLongOrDefault(f[6], 0),
            ParseUtil.parseLongOrDefault(f[10], 0)
          });
    }
    return out;
  }

  private Map<String, long[]> fileSystems() {
    Map<String, long[]> out = new TreeMap<>();
    for (OSFileStore fs : os.getFileSystem().getFileStores(true)) {
      if (PSEUDO_FS.contains(fs.getType()) || fs.getTotalSpace() <= 0) {
        continue;
      }
      out.putIfAbsent(fs.getVolume(), new long[] {fs.getTotalSpace(), fs.getUsableSpace()});
    }
    return out;
  }

  private static long runningProcesses() {
    for (String line : FileUtil.readFile("/proc/stat", false)) {
      if (line.startsWith("procs_running")) {
        return ParseUtil.parseLastLong(line, 0);
      }
    }
    return 0;
  }

  private Map<String, double[]> processes() {
    Map<String, double[]> out = new HashMap<>();
    if (watchedProcesses.isEmpty()) {
      return out;
    }
    for (OSProcess p :
        os.getProcesses(proc -> watchedProcesses.contains(proc.getName()), null, 0)) {
      double[] v = out.computeIfAbsent(p.getName(), n -> new double[3]);
      v[0] += 100 * p.getProcessCpuLoadCumulative();
      v[1] += p.getResidentMemory();
      v[2] += p.getThreadCount();
    }
    return out;
  }
}
