package io.almanac.hostmonitor.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.almanac.sinks.emitter.SinkMetric;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of check against real listeners, servers and scripts on this host. */
class HostChecksIT {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path dir;
  private HttpServer http;

  @BeforeEach
  void startWebServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/ok", ex -> answer(ex, 200, 0));
    http.createContext("/fail", ex -> answer(ex, 500, 0));
    http.createContext("/slow", ex -> answer(ex, 200, 700));
    http.start();
  }

  @AfterEach
  void stopWebServer() {
    http.stop(0);
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, long delayMs)
      throws IOException {
    try {
      Thread.sleep(delayMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = "hello".getBytes();
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
  }

  @Test
  void aPortCheckIsOkWhileSomethingListensAndCriticalWhenNothingDoes() throws IOException {
    int port;
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = listener.getLocalPort();
      CheckResult open = new PortCheck("p", "127.0.0.1", port, MINUTE, TIMEOUT, null).run();
      assertThat(open.status()).isEqualTo(CheckStatus.OK);
      assertThat(open.up()).isTrue();
      assertThat(open.latencySeconds()).isBetween(0.0, 3.0);
    }
    CheckResult closed = new PortCheck("p", "127.0.0.1", port, MINUTE, TIMEOUT, null).run();
    assertThat(closed.status()).isEqualTo(CheckStatus.CRITICAL);
    assertThat(closed.up()).isFalse();
    assertThat(closed.message()).contains("127.0.0.1:" + port);
  }

  @Test
  void aWebCheckJudgesTheStatusAndTheTime() {
    assertThat(web("/ok", Set.of(), null).status()).isEqualTo(CheckStatus.OK);
    CheckResult failing = web("/fail", Set.of(), null);
    assertThat(failing.status()).isEqualTo(CheckStatus.CRITICAL);
    assertThat(failing.message()).contains("HTTP 500");
    assertThat(web("/fail", Set.of(500), null).status()).isEqualTo(CheckStatus.OK);
    assertThat(web("/ok", Set.of(204), null).status()).isEqualTo(CheckStatus.CRITICAL);
    CheckResult slow = web("/slow", Set.of(), Duration.ofMillis(300));
    assertThat(slow.status()).isEqualTo(CheckStatus.WARNING);
    assertThat(slow.up()).isTrue();
    assertThat(slow.latencySeconds()).isGreaterThanOrEqualTo(0.7);
    int port = http.getAddress().getPort();
    http.stop(0);
    CheckResult down =
        new WebCheck(
                "w",
                URI.create("http://127.0.0.1:" + port + "/ok"),
                Set.of(),
                MINUTE,
                TIMEOUT,
                null,
                null)
            .run();
    assertThat(down.status()).isEqualTo(CheckStatus.CRITICAL);
  }

  private CheckResult web(String path, Set<Integer> statuses, Duration warning) {
    return new WebCheck("w", url(path), statuses, MINUTE, TIMEOUT, warning, null).run();
  }

  @Test
  void aWebCheckOverTlsTrustsTheGivenCaOnly() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path ca = dir.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        ca.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    https.createContext("/ok", ex -> answer(ex, 200, 0));
    https.start();
    try {
      URI url = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/ok");
      CheckResult trusted = new WebCheck("tls", url, Set.of(), MINUTE, TIMEOUT, null, ca).run();
      assertThat(trusted.status()).as(trusted.message()).isEqualTo(CheckStatus.OK);
      CheckResult untrusted = new WebCheck("tls", url, Set.of(), MINUTE, TIMEOUT, null, null).run();
      assertThat(untrusted.status()).isEqualTo(CheckStatus.CRITICAL);
    } finally {
      https.stop(0);
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void aScriptsExitCodeIsItsStatus() throws IOException {
    Path script = dir.resolve("check.sh");
    Files.writeString(
        script, "#!/bin/sh\necho \"DISK $1 - all fine\"\necho second line\nexit $1\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Map<Integer, CheckStatus> expected =
        Map.of(
            0, CheckStatus.OK,
            1, CheckStatus.WARNING,
            2, CheckStatus.CRITICAL,
            5, CheckStatus.UNKNOWN);
    expected.forEach(
        (code, status) -> {
          CheckResult r = new ScriptCheck("s", script + " " + code, MINUTE, TIMEOUT).run();
          assertThat(r.status()).as("exit %d", code).isEqualTo(status);
          assertThat(r.message()).isEqualTo("exit " + code + ": DISK " + code + " - all fine");
        });
    CheckResult missing =
        new ScriptCheck("s", dir.resolve("nothing.sh").toString(), MINUTE, TIMEOUT).run();
    assertThat(missing.status()).isEqualTo(CheckStatus.UNKNOWN); // sh exits 127
  }

  @Test
  void aScriptStillRunningAtTheTimeoutIsKilledWithItsChildrenAndUnknown() throws Exception {
    Path marker = dir.resolve("still-here");
    String command = "sleep 30 & echo $! > " + dir.resolve("child.pid") + "; wait; touch " + marker;
    CheckResult r = new ScriptCheck("s", command, MINUTE, Duration.ofMillis(500)).run();
    assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
    assertThat(r.message()).contains("killed");
    assertThat(r.latencySeconds()).isBetween(0.5, 5.0);
    long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (running(child) && System.nanoTime() < deadline) {
      Thread.sleep(50); // SIGKILL is delivered asynchronously
    }
    assertThat(running(child)).isFalse();
    assertThat(marker).doesNotExist();
  }

  /** Whether process {@code pid} exists and is not a zombie left for its new parent to reap. */
  private static boolean running(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text = Files.readString(stat);
    char state = text.charAt(text.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
  }

  @Test
  void resultsBecomeTaggedSeriesOfTheHost() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    List<HostCheck> checks =
        List.of(
            new PortCheck("rpc", "127.0.0.1", closedPort, MINUTE, TIMEOUT, null),
            new WebCheck("ui", url("/fail"), Set.of(), MINUTE, TIMEOUT, null, null),
            new ScriptCheck("disk", "exit 2", MINUTE, TIMEOUT));
    HostChecks hostChecks = new HostChecks(checks, "HOST", "", "h1", () -> 60_000L);
    checks.forEach(hostChecks::runOne);
    Map<String, SinkMetric> sent =
        hostChecks.drain().stream().collect(Collectors.toMap(SinkMetric::name, m -> m));
    assertThat(sent).hasSize(9);
    String up = "almanac.check.up;check=rpc;target=127.0.0.1:" + closedPort;
    assertThat(sent.get(up).points()).containsExactly(Map.entry(60_000L, 0.0));
    assertThat(sent.get(up).hostName()).isEqualTo("h1");
    assertThat(sent.get(up).appId()).isEqualTo("HOST");
    assertThat(sent.get("almanac.check.status;check=ui;target=" + url("/fail")).points())
        .containsExactly(Map.entry(60_000L, 2.0));
    assertThat(sent.get("almanac.check.status;check=disk;target=exit").points())
        .containsExactly(Map.entry(60_000L, 2.0));
    assertThat(hostChecks.drain()).isEmpty();
  }

  @Test
  void theSchedulerRunsEachCheckAtItsIntervalAndNeverTwiceAtOnce() throws Exception {
    long[] now = {0};
    HostChecks hostChecks =
        new HostChecks(
            List.of(
                new ScriptCheck("quick", "exit 0", Duration.ofSeconds(10), TIMEOUT),
                new ScriptCheck("slow", "sleep 2", Duration.ofSeconds(1), TIMEOUT)),
            "HOST",
            "",
            "h1",
            () -> now[0]);
    hostChecks.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      // the scheduler ticks every second on the frozen clock: each check runs once
      Thread.sleep(2500);
      now[0] = 5_000; // slow is due again, but its first run may still be going
      Thread.sleep(3000);
      List<SinkMetric> sent = hostChecks.drain();
      while (sent.size() < 6 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        sent = hostChecks.drain();
      }
      Map<String, Integer> runs =
          sent.stream()
              .filter(m -> m.name().startsWith("almanac.check.up"))
              .collect(Collectors.toMap(m -> m.name(), m -> m.points().size()));
      assertThat(runs).containsEntry("almanac.check.up;check=quick;target=exit", 1);
      assertThat(runs.get("almanac.check.up;check=slow;target=sleep")).isBetween(1, 2);
    } finally {
      hostChecks.close();
    }
  }
}
