package io.almanac.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The collector as its own process, started the way {@code bin/almanac collector} starts it (its
 * own logging, {@code -XX:+ExitOnOutOfMemoryError}), on loopback, with its output in a file beside
 * the data dir. For tests and drills that stop, kill and restart it.
 */
public final class CollectorProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

  private final Path dataDir;
  private final int port;
  private final String heap;
  private final TimelineClient client;
  private final Path config;
  private Process process;

  /**
   * A collector on a free port over {@code dataDir} with a heap of {@code heap} (e.g. "1g"); not
   * started.
   */
  public CollectorProcess(Path dataDir, String heap) throws IOException {
    this(dataDir, heap, java.util.Map.of());
  }

  /** As above, with configuration keys set in a file passed with {@code --config}. */
  public CollectorProcess(Path dataDir, String heap, java.util.Map<String, String> settings)
      throws IOException {
    this.dataDir = dataDir.toAbsolutePath();
    Files.createDirectories(this.dataDir);
    this.heap = heap;
    this.config =
        settings.isEmpty()
            ? null
            : this.dataDir.resolveSibling(this.dataDir.getFileName() + ".properties");
    if (config != null) {
      StringBuilder text = new StringBuilder();
      settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Files.writeString(config, text);
    }
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.client = new TimelineClient("http://127.0.0.1:" + port);
  }

  /** A client of this collector. */
  public TimelineClient client() {
    return client;
  }

  /** Where the process writes its output. */
  public Path outputFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + "-stdout.log");
  }

  /**
   * Starts the process (appending to its output file) and waits until {@code /health} answers 200.
   */
  public void start() throws IOException, InterruptedException {
    List<String> cmd = almanacCommand(heap);
    cmd.addAll(
        List.of(
            "collector",
            "--bind",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString()));
    if (config != null) {
      cmd.addAll(List.of("--config", config.toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(cmd);
    // as bin/almanac: two malloc arenas, unless the environment names another number
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()))
            .start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive())
          .as("collector process exited early; see " + outputFile())
          .isTrue();
      try {
        if (client.get("/health").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException notListeningYet) {
        // the HTTP port opens a moment after the JVM starts
      }
      Thread.sleep(500);
    }
    throw new AssertionError("collector not ready within " + READY_TIMEOUT);
  }

  /**
   * {@code java ... io.almanac.collector.Main} as bin/almanac runs it (the whole heap from the
   * start, the serial GC with a fifth of the heap young, exit on OutOfMemoryError, the product's
   * logging rather than the tests' console-only one), on this JVM's class path; the command and its
   * options follow. The system property {@code almanac.collector.jvm} adds JVM options, as {@code
   * ALMANAC_JAVA_OPTS} does for bin/almanac (a GC named there replaces the serial one).
   */
  static List<String> almanacCommand(String heap) {
    List<String> extra = options("almanac.collector.jvm");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms" + heap);
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    if (extra.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w*GC"))) {
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-XX:NewRatio=4");
    }
    cmd.addAll(extra);
    cmd.add("-Dlog4j2.configurationFile=log4j2.xml");
    cmd.addAll(options("almanac.jvm.opens"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.almanac.collector.Main"));
    return cmd;
  }

  /** The JVM options in system property {@code name}, separated by spaces; none when unset. */
  private static List<String> options(String name) {
    return List.of(System.getProperty(name, "").split(" ")).stream()
        .filter(s -> !s.isBlank())
        .toList();
  }

  /** The HTTP port. */
  public int port() {
    return port;
  }

  /** Sends {@code signal} ("STOP", "CONT", ...) to the process with kill(1). */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor()).as("kill -" + signal).isZero();
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM, and the exit status once it stopped (fails after 2 minutes). */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("collector did not stop within 2 minutes of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: no flush, no clean shutdown. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(1, TimeUnit.MINUTES);
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      kill();
    }
  }
}
