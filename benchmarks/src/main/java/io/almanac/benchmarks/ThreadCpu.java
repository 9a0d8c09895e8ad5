package io.almanac.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU seconds of a process's live threads, summed by what the threads do (read from /proc/PID/task,
 * named by their thread names): where a phase's CPU went without a profiler. A thread that ends
 * between two readings takes its CPU with it; the difference to the process's own figure is
 * reported as {@code ended threads}.
 */
final class ThreadCpu {
  private static final double TICKS_PER_SECOND = 100;

  /**
   * Parts of Java thread names that tell threads apart whose first 15 characters do not: the region
   * server's compaction and WAL threads are all named after it ("RS:0;127.0.0.1:port...").
   */
  private static final List<String[]> NAME_PARTS =
      List.of(
          new String[] {"Compactions-", "HBase flushes, compactions"},
          new String[] {".append-pool", "HBase WAL"});

  /** Thread-name prefixes (as /proc shows them: 15 characters at most) and their group. */
  private static final List<String[]> GROUPS =
      List.of(
          new String[] {"C1 CompilerThre", "JIT compiler"},
          new String[] {"C2 CompilerThre", "JIT compiler"},
          new String[] {"Sweeper thread", "JIT compiler"},
          new String[] {"GC Thread", "GC"},
          new String[] {"G1 ", "GC"},
          new String[] {"VM Thread", "GC"},
          new String[] {"almanac-http", "HTTP (Jetty, JSON, validation)"},
          new String[] {"almanac-ingest", "group commit (HBase client)"},
          new String[] {"hconnection", "group commit (HBase client)"},
          new String[] {"RPCClient", "group commit (HBase client)"},
          new String[] {"RpcClient", "group commit (HBase client)"},
          new String[] {"RpcServer.", "HBase RPC handlers"},
          new String[] {"RS-EventLoopGro", "HBase RPC handlers"},
          new String[] {"sync.", "HBase WAL"},
          new String[] {"RS:", "HBase WAL or compactions"},
          new String[] {"MemStoreFlusher", "HBase flushes, compactions"},
          new String[] {"RS_FLUSH", "HBase flushes, compactions"},
          new String[] {"regionserver/", "HBase flushes, compactions"},
          new String[] {"almanac-aggrega", "aggregators"},
          new String[] {"almanac-block-s", "sealer"});

  private ThreadCpu() {}

  /** A live thread's group and its CPU seconds so far. */
  record Sample(String group, double seconds) {}

  /** The CPU so far of each of {@code pid}'s live threads, by thread id. */
  static Map<Long, Sample> read(long pid) throws IOException {
    Map<Long, String> javaNames = javaNames(pid);
    Map<Long, Sample> out = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name = stat.substring(open + 1, close);
          String[] f = stat.substring(close + 2).split(" ");
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
          long tid = Long.parseLong(task.getFileName().toString());
          out.put(tid, new Sample(group(javaNames.getOrDefault(tid, name)), seconds));
        } catch (NoSuchFileException ended) {
          // the thread ended while the directory was read
        }
      }
    }
    return out;
  }

  /**
   * The Java names of {@code pid}'s threads by native thread id, from {@code jcmd PID Thread.print}
   * (whole, where /proc has 15 characters); empty when jcmd cannot tell, and for a process that is
   * not a JVM, which jcmd's attach signal (SIGQUIT) would stop (VictoriaMetrics, say).
   */
  static Map<Long, String> javaNames(long pid) {
    if (!isJvm(pid)) {
      return Map.of();
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? parseThreadDump(dump) : Map.of();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /** Whether {@code pid} runs the {@code java} launcher (by its /proc name). */
  static boolean isJvm(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals("java");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Thread names by native id from a thread dump's header lines ({@code nid=0x1a2b} in Java 17,
   * {@code nid=6699} in later versions).
   */
  static Map<Long, String> parseThreadDump(String dump) {
    Map<Long, String> out = new HashMap<>();
    for (String line : dump.split("\n")) {
      int nid = line.indexOf(" nid=");
      int close = line.lastIndexOf('"');
      if (!line.startsWith("\"") || nid < close || close <= 0) {
        continue;
      }
      int from = nid + 5;
      int radix = 10;
      if (line.startsWith("0x", from)) {
        from += 2;
        radix = 16;
      }
      int end = from;
      while (end < line.length() && Character.digit(line.charAt(end), radix) >= 0) {
        end++;
      }
      if (end > from) {
        out.put(Long.parseLong(line.substring(from, end), radix), line.substring(1, close));
      }
    }
    return out;
  }

  static String group(String threadName) {
    // the region server's own thread, its whole name known: neither its WAL nor a compaction
    if (threadName.matches("RS:\\d+;[^;]*:\\d+")) {
      return "other";
    }
    for (String[] g : NAME_PARTS) {
      if (threadName.contains(g[0])) {
        return g[1];
      }
    }
    for (String[] g : GROUPS) {
      if (threadName.startsWith(g[0])) {
        return g[1];
      }
    }
    return "other";
  }

  /**
   * Microseconds per point of each group between {@code before} and {@code after}, largest first:
   * what each thread alive at the end took since {@code before} (all of it if it started since),
   * and what threads that ended took: {@code processCpuSeconds} less the live threads' sum. (A
   * group's sum at the end less its sum before would go negative when its threads end, as an idle
   * client pool's do.)
   */
  static Map<String, Object> perPoint(
      Map<Long, Sample> before, Map<Long, Sample> after, double processCpuSeconds, long points) {
    Map<String, Double> delta = new TreeMap<>();
    double sum = 0;
    for (Map.Entry<Long, Sample> e : after.entrySet()) {
      Sample then = before.get(e.getKey());
      double d = e.getValue().seconds() - (then == null ? 0 : then.seconds());
      delta.merge(e.getValue().group(), d, Double::sum);
      sum += d;
    }
    delta.put("ended threads", Math.max(0, processCpuSeconds - sum));
    Map<String, Object> out = new LinkedHashMap<>();
    delta.entrySet().stream()
        .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
        .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 1e6 / points * 100) / 100.0));
    return out;
  }
}
