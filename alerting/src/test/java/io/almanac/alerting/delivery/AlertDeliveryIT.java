package io.almanac.alerting.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.almanac.alerting.OutgoingAlert;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertDeliveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final List<String> alertmanagerBodies = new CopyOnWriteArrayList<>();
  private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v2/alerts",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
          if (status == 200) {
            alertmanagerBodies.add(body);
          }
          x.sendResponseHeaders(status, -1);
          x.close();
        });
    server.createContext(
        "/hook",
        x -> {
          webhookBodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static OutgoingAlert alert(String host, boolean resolved) {
    return new OutgoingAlert(
        new TreeMap<>(Map.of("alertname", "HighLoad", "hostname", host)),
        Map.of("summary", "load on " + host),
        1_700_000_000_000L,
        1_700_000_600_000L,
        "http://almanac:6188/graph?g0.expr=x",
        resolved);
  }

  private AlertDelivery delivery(int capacity) {
    return new AlertDelivery(
        List.of(
            new DeliveryTarget(DeliveryTarget.Kind.ALERTMANAGER, URI.create(base())),
            new DeliveryTarget(DeliveryTarget.Kind.WEBHOOK, URI.create(base() + "/hook"))),
        new AlertDelivery.Settings(
            capacity, 4, Duration.ofMillis(20), Duration.ofSeconds(5), "http://almanac:6188"));
  }

  @Test
  void alertsReachTheAlertmanagerAfterRetriesAndTheWebhookInItsFormat() throws Exception {
    failuresLeft.set(2);
    try (AlertDelivery d = delivery(100)) {
      d.send(List.of(alert("h1", false), alert("h2", true)));
      long deadline = System.currentTimeMillis() + 10_000;
      while (d.sent() < 4 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(d.sent()).isEqualTo(4);
      assertThat(d.failed()).isZero();
    }
    JsonNode am = JSON.readTree(alertmanagerBodies.get(0));
    assertThat(am).hasSize(2);
    assertThat(am.get(0).path("labels").path("hostname").asText()).isEqualTo("h1");
    assertThat(am.get(0).path("startsAt").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(am.get(0).path("endsAt").asText()).isEqualTo("2023-11-14T22:23:20Z");
    assertThat(am.get(0).path("generatorURL").asText()).startsWith("http://almanac:6188/graph");
    JsonNode hook = JSON.readTree(webhookBodies.get(0));
    assertThat(hook.path("version").asText()).isEqualTo("4");
    assertThat(hook.path("status").asText()).isEqualTo("firing");
    assertThat(hook.path("commonLabels").path("alertname").asText()).isEqualTo("HighLoad");
    assertThat(hook.path("commonLabels").has("hostname")).isFalse();
    assertThat(hook.path("alerts").get(1).path("status").asText()).isEqualTo("resolved");
    assertThat(hook.path("alerts").get(0).path("fingerprint").asText()).hasSize(16);
  }

  @Test
  void aReceiverThatKeepsFailingIsCountedAndAFullQueueDropsTheOldest() throws Exception {
    failuresLeft.set(Integer.MAX_VALUE);
    try (AlertDelivery d = delivery(2)) {
      d.send(List.of(alert("h1", false)));
      long deadline = System.currentTimeMillis() + 10_000;
      while (d.failed() < 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(d.failed()).isEqualTo(1);
      assertThat(alertmanagerBodies).isEmpty();
      d.send(List.of(alert("a", false), alert("b", false), alert("c", false), alert("d", false)));
      assertThat(d.dropped()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void fingerprintsAreAlertmanagersLabelSignature() {
    // the signature of the empty label set is FNV-1a's offset basis
    assertThat(AlertPayloads.fingerprint(Map.of())).isEqualTo("cbf29ce484222325");
    assertThat(AlertPayloads.fingerprint(Map.of("a", "b")))
        .isNotEqualTo(AlertPayloads.fingerprint(Map.of("a", "c")));
  }
}
