package io.almanac.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * CPU profiles of the collector, one per phase of a run (the ingest, each query's timed runs),
 * taken with async-profiler loaded into the running server by {@code jcmd JVMTI.agent_load}: a
 * flame graph ({@code .html}) and folded stacks ({@code .collapsed}) per phase, and the frames that
 * take the most samples. Off unless {@code ALMANAC_BENCH_PROFILER} names the profiler's library
 * ({@code scripts/benchmark.sh} sets it when {@code ALMANAC_BENCH_PROFILE=1}).
 */
final class Profiler {
  private static final int TOP = 15;

  private final Path library;
  private final Path out;
  private final String prefix;

  private Profiler(Path library, Path out, String prefix) {
    this.library = library;
    this.out = out;
    this.prefix = prefix;
  }

  /** The profiler the environment asks for, or null. */
  static Profiler fromEnvironment(Path out, String prefix) {
    String lib = System.getenv("ALMANAC_BENCH_PROFILER");
    return lib == null || lib.isBlank() ? null : new Profiler(Path.of(lib), out, prefix);
  }

  /** Starts sampling CPU in {@code pid}. */
  void start(long pid) throws IOException, InterruptedException {
    jcmd(pid, "start,event=cpu,interval=1ms");
  }

  /**
   * Stops sampling, writes the phase's files and returns its top frames: {@code self} (where the
   * CPU is spent) and {@code inclusive} (Almanac, Phoenix and HBase frames with all they call).
   */
  Map<String, Object> stop(long pid, String phase) throws IOException, InterruptedException {
    Path collapsed = out.resolve(prefix + "-" + phase + ".collapsed");
    Path html = out.resolve(prefix + "-" + phase + ".html");
    jcmd(pid, "dump,collapsed,file=" + collapsed);
    jcmd(pid, "stop,file=" + html);
    Map<String, Object> top = summarize(Files.readAllLines(collapsed));
    top.put("flameGraph", html.getFileName().toString());
    return top;
  }

  /** The most sampled frames of folded stacks ({@code frame;frame;... count} per line). */
  static Map<String, Object> summarize(List<String> folded) {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    long total = 0;
    for (String line : folded) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long count = Long.parseLong(line.substring(space + 1).strip());
      String[] frames = line.substring(0, space).split(";");
      total += count;
      self.merge(frames[frames.length - 1], count, Long::sum);
      Set<String> seen = new HashSet<>();
      for (String frame : frames) {
        if (isOurs(frame) && seen.add(frame)) {
          inclusive.merge(frame, count, Long::sum);
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samples", total);
    out.put("self", top(self, total));
    out.put("inclusive", top(inclusive, total));
    return out;
  }

  private static boolean isOurs(String frame) {
    return frame.startsWith("io/almanac/")
        || frame.startsWith("io.almanac.")
        || frame.contains("phoenix")
        || frame.contains("hadoop/hbase")
        || frame.contains("hadoop.hbase");
  }

  private static List<String> top(Map<String, Long> counts, long total) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(TOP, sorted.size()))) {
      lines.add(String.format("%5.1f%% %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
    return lines;
  }

  private void jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(
                jcmd.toString(),
                Long.toString(pid),
                "JVMTI.agent_load",
                library.toAbsolutePath().toString(),
                // quoted: jcmd would read "key=value" as its own option
                '"' + command + '"')
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)
        || p.exitValue() != 0
        || !output.contains("return code: 0")) {
      throw new IOException("jcmd " + command + " failed: " + output);
    }
  }
}
