package io.almanac.collector.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) on a loopback port of its own, without
 * clustering, grouping with no wait; amtool reads back what it holds.
 */
final class AlertmanagerProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;

  AlertmanagerProcess(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path config =
        Files.writeString(
            dir.resolve("alertmanager.yml"),
            """
            route:
              receiver: nowhere
              group_wait: 1s
              group_interval: 1s
            receivers:
              - name: nowhere
            """);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    process =
        new ProcessBuilder(
                "prometheus-alertmanager",
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        close();
        throw new IllegalStateException(
            "Alertmanager did not start: " + Files.readString(dir.resolve("alertmanager.log")));
      }
      Thread.sleep(100);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The active alerts, as {@code amtool alert query -o json} prints them. */
  JsonNode activeAlerts() throws Exception {
    Process amtool =
        new ProcessBuilder(
                List.of("amtool", "alert", "query", "--alertmanager.url=" + url(), "-o", "json"))
            .redirectErrorStream(true)
            .start();
    String out = new String(amtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!amtool.waitFor(30, TimeUnit.SECONDS) || amtool.exitValue() != 0) {
      throw new IllegalStateException("amtool failed: " + out);
    }
    return JSON.readTree(out);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
