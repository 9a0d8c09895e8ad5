package io.almanac.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code almanac hbase} as its own process: a standalone HBase for several collectors, on a free
 * ZooKeeper port of 127.0.0.1, with its output in a file beside its data dir.
 */
public final class HBaseProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

  private final Path dataDir;
  private final int zookeeperPort;
  private Process process;

  /** An HBase over {@code dataDir}; not started. */
  public HBaseProcess(Path dataDir) throws IOException {
    this.dataDir = dataDir.toAbsolutePath();
    Files.createDirectories(this.dataDir);
    try (ServerSocket s = new ServerSocket(0)) {
      this.zookeeperPort = s.getLocalPort();
    }
  }

  public int zookeeperPort() {
    return zookeeperPort;
  }

  /** The settings that point a collector at this HBase. */
  public Map<String, String> collectorSettings() {
    return Map.of(
        "almanac.storage.mode", "distributed",
        "almanac.storage.zookeeper.quorum", "127.0.0.1",
        "almanac.storage.zookeeper.port", Integer.toString(zookeeperPort));
  }

  public Path outputFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + "-stdout.log");
  }

  /** Starts it and waits for its "ready" line. */
  public void start() throws IOException, InterruptedException {
    List<String> cmd = CollectorProcess.almanacCommand("768m");
    cmd.addAll(
        List.of(
            "hbase",
            "--data-dir",
            dataDir.toString(),
            "--zk-port",
            Integer.toString(zookeeperPort)));
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()))
            .start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("HBase exited early; see " + outputFile()).isTrue();
      if (Files.exists(outputFile())
          && Files.readString(outputFile()).contains("Standalone HBase ready")) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("HBase not ready within " + READY_TIMEOUT + "; see " + outputFile());
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
      }
    }
  }
}
