package io.almanac.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the harness started: its PID, CPU time and RSS from /proc, stopped by PID at the end.
 */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final long TICKS_PER_SECOND = 100;

  private final String name;
  private final Process process;
  private final long startedNanos;
  private volatile long peakRssKb;

  private ServerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.startedNanos = System.nanoTime();
  }

  /**
   * The command that runs this build's collector on 127.0.0.1:{@code port} with data in {@code
   * dataDir}, then {@code options}.
   */
  static List<String> collectorCommand(Path root, int port, Path dataDir, String... options) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                root.resolve("bin/almanac").toString(),
                "collector",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dataDir.toString()));
    cmd.addAll(List.of(options));
    return cmd;
  }

  static ServerProcess start(String name, List<String> command, File log) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    return new ServerProcess(name, p);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** Polls {@code healthUrl} until it answers 200; returns seconds from start. */
  double awaitReady(String healthUrl, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited during start");
      }
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(healthUrl))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return (System.nanoTime() - startedNanos) / 1e9;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " not ready within " + timeout);
  }

  /** User plus system CPU seconds so far. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
  }

  /** Resident set size now, KB (also tracked as the peak). */
  long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        peakRssKb = Math.max(peakRssKb, kb);
        return kb;
      }
    }
    return 0;
  }

  long peakRssKb() {
    return peakRssKb;
  }

  /** SIGTERM, then SIGKILL after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
