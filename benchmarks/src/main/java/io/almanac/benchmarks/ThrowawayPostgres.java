package io.almanac.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of Debian's {@code postgresql} package in a directory of the harness's, with
 * its default (durable) settings, for a benchmark on PostgreSQL; stopped at the end. As root, the
 * server runs as the {@code postgres} user.
 */
final class ThrowawayPostgres implements AutoCloseable {
  static final String USER = "almanac";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean root = "root".equals(System.getProperty("user.name"));

  private ThrowawayPostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  static ThrowawayPostgres start(Path dir) throws IOException, InterruptedException {
    Path bin;
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      bin =
          versions
              .map(v -> v.resolve("bin"))
              .filter(b -> Files.isExecutable(b.resolve("initdb")))
              .max(Path::compareTo)
              .orElseThrow(
                  () ->
                      new IllegalStateException("no PostgreSQL: run scripts/install-test-deps.sh"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException("no PostgreSQL: run scripts/install-test-deps.sh", e);
    }
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, port);
    if (pg.root) {
      pg.run(List.of("chown", "-R", "postgres", dir.toString()));
    }
    pg.runAsServer(
        "initdb",
        "-D",
        dir.resolve("data").toString(),
        "-A",
        "trust",
        "-U",
        USER,
        "-E",
        "UTF8",
        "--no-instructions");
    pg.runAsServer(
        "pg_ctl",
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
        "start");
    pg.runAsServer("createdb", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, "ops");
    return pg;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/ops";
  }

  private void runAsServer(String tool, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    runAsServer("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
  }
}
