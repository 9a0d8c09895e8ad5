package io.almanac.ops.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL server for tests: initdb into a temporary directory, started on a free
 * loopback port, stopped when the test JVM exits. One per JVM; each caller gets its own database.
 *
 * <p>Needs the server binaries (Debian package {@code postgresql}, installed by
 * scripts/install-test-deps.sh). PostgreSQL refuses to run as root, so as root the server runs as
 * the {@code postgres} user the package creates.
 */
public final class LocalPostgres {

  private static final String USER = "almanac";
  private static LocalPostgres instance;

  private final Path binDir;
  private final Path baseDir;
  private final int port;
  private final boolean asPostgresUser;
  private final AtomicInteger databases = new AtomicInteger();

  private LocalPostgres(Path binDir, Path baseDir, int port, boolean asPostgresUser) {
    this.binDir = binDir;
    this.baseDir = baseDir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The shared server, started on first use. */
  public static synchronized LocalPostgres shared() {
    if (instance == null) {
      instance = start();
      LocalPostgres started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "local-postgres-stop"));
    }
    return instance;
  }

  /** A fresh, empty database on the shared server; returns its JDBC URL (user {@link #user()}). */
  public String newDatabase() {
    String name =
        "almanac_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
        Statement statement = c.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return url(name);
  }

  public String user() {
    return USER;
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static LocalPostgres start() {
    Path binDir = findBinaries();
    try {
      Path base = Files.createTempDirectory("almanac-pg-");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        UserPrincipal postgres =
            base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(base, postgres);
      }
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      LocalPostgres server = new LocalPostgres(binDir, base, port, root);
      server.run(
          "initdb",
          "-D",
          base.resolve("data").toString(),
          "-A",
          "trust",
          "-U",
          USER,
          "-E",
          "UTF8",
          "--no-sync",
          "--no-instructions");
      server.run(
          "pg_ctl",
          "-D",
          base.resolve("data").toString(),
          "-l",
          base.resolve("server.log").toString(),
          "-w",
          "-t",
          "60",
          "-o",
          "-p "
              + port
              + " -k "
              + base
              + " -c listen_addresses=127.0.0.1 -c fsync=off"
              + " -c synchronous_commit=off -c full_page_writes=off",
          "start");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a local PostgreSQL", e);
    }
  }

  private static Path findBinaries() {
    String configured = System.getenv("ALMANAC_PG_BIN");
    if (configured != null) {
      return Path.of(configured);
    }
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      return Arrays.stream(versions)
          .map(File::toPath)
          .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
          .max(Comparator.comparing(dir -> dir.getFileName().toString()))
          .map(dir -> dir.resolve("bin"))
          .orElseThrow(LocalPostgres::missing);
    }
    throw missing();
  }

  private static IllegalStateException missing() {
    return new IllegalStateException(
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (or $ALMANAC_PG_BIN):"
            + " run scripts/install-test-deps.sh");
  }

  private void run(String tool, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(binDir.resolve(tool).toString());
    command.addAll(Arrays.asList(args));
    Process process =
        new ProcessBuilder(command)
            .directory(baseDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(baseDir.resolve(tool + ".out").toFile())
            .start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(tool + " did not finish in 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + tool, e);
    }
    if (process.exitValue() != 0) {
      String out = Files.readString(baseDir.resolve(tool + ".out"));
      throw new IOException(tool + " failed with exit code " + process.exitValue() + ":\n" + out);
    }
  }

  private void stop() {
    try {
      run("pg_ctl", "-D", baseDir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } catch (IOException e) {
      System.err.println("local PostgreSQL did not stop cleanly: " + e.getMessage());
    }
    try (var paths = Files.walk(baseDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + baseDir + ": " + e.getMessage());
    }
  }
}
