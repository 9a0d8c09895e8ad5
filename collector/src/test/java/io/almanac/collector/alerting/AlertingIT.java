package io.almanac.collector.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.config.ConfigKeys;
import io.almanac.collector.server.CollectorServer;
import io.almanac.collector.testing.SharedCollector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alert rules in a real collector (in distributed mode on the shared HBase), delivered to a real
 * Alertmanager and read back with amtool: a threshold rule with {@code for} fires for exactly the
 * hosts above it, keeps its {@code activeAt} across a collector restart, and resolves.
 */
@ExtendWith(SharedCollector.class)
class AlertingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String U = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final String LOAD = "alert." + U + ".load";

  private static void post(String host, double value) {
    long now = System.currentTimeMillis();
    String body =
        "{\"metrics\":[{\"metricname\":\""
            + LOAD
            + "\",\"appid\":\"HOST\",\"hostname\":\""
            + host
            + "\",\"metrics\":{\""
            + now
            + "\":"
            + value
            + "}}]}";
    assertThat(SharedCollector.client().post("/ws/v1/timeline/metrics", body).statusCode())
        .isEqualTo(200);
  }

  private static JsonNode get(int port, String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("data");
  }

  private static <T> T waitFor(String what, Callable<T> probe) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      T v = probe.call();
      if (v != null) {
        return v;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  /** host to alert, among amtool's active alerts of this test's rule. */
  private static Map<String, JsonNode> byHost(JsonNode alerts) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode a : alerts) {
      if (a.path("labels").path("alertname").asText().equals("ItHighLoad" + U)) {
        out.put(a.path("labels").path("hostname").asText(), a);
      }
    }
    return out;
  }

  @Test
  void aThresholdRuleFiresForTheHostsAboveItSurvivesARestartAndResolves() throws Exception {
    Path dir = Path.of("target", "it-data", "alerting-" + U).toAbsolutePath();
    Files.createDirectories(dir);
    Path rules =
        Files.writeString(
            dir.resolve("rules.yml"),
            """
            groups:
              - name: it
                interval: 2s
                rules:
                  - alert: ItHighLoad%1$s
                    expr: '{"%2$s"} > 4'
                    for: 4s
                    labels: {severity: page}
                    annotations:
                      summary: "load {{ $value }} on {{ $labels.hostname }}"
                  - record: it:%1$s:load:max
                    expr: 'max({"%2$s"})'
            """
                .formatted(U, LOAD));
    post("h1-" + U, 6);
    post("h2-" + U, 1);
    post("h3-" + U, 9);
    try (AlertmanagerProcess am = new AlertmanagerProcess(dir.resolve("am"))) {
      int port = SharedCollector.freeTcpPort();
      Map<String, String> settings =
          Map.of(
              ConfigKeys.ALERTING_RULES.name(), rules.toString(),
              ConfigKeys.ALERTMANAGER_URLS.name(), am.url());
      String activeAt;
      try (CollectorServer first =
          SharedCollector.distributedCollector(port, "alerting-a-" + U, settings)) {
        first.start();
        Map<String, JsonNode> firing =
            waitFor(
                "the alerts in the Alertmanager",
                () -> {
                  Map<String, JsonNode> m = byHost(am.activeAlerts());
                  return m.size() == 2 ? m : null;
                });
        assertThat(firing).containsOnlyKeys("h1-" + U, "h3-" + U);
        JsonNode h3 = firing.get("h3-" + U);
        assertThat(h3.path("labels").path("severity").asText()).isEqualTo("page");
        assertThat(h3.path("annotations").path("summary").asText()).isEqualTo("load 9 on h3-" + U);
        assertThat(h3.path("generatorURL").asText()).contains("/graph?g0.expr=");
        // the link leads to the rule's query
        URI link = URI.create(h3.path("generatorURL").asText());
        HttpResponse<String> followed =
            HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + port
                                    + link.getRawPath()
                                    + "?"
                                    + link.getRawQuery()))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
        assertThat(followed.uri().getPath()).isEqualTo("/api/v1/query");
        assertThat(followed.body()).contains("h3-" + U).doesNotContain("h2-" + U);
        JsonNode alerts = get(port, "/api/v1/alerts").path("alerts");
        activeAt = activeAtOf(alerts, "h1-" + U);
        assertThat(activeAt).isNotEmpty();
        // the recording rule wrote its series back
        JsonNode recorded =
            waitFor(
                "the recorded series",
                () -> {
                  JsonNode r =
                      get(
                              port,
                              "/api/v1/query?query="
                                  + URLEncoder.encode(
                                      "it:" + U + ":load:max", StandardCharsets.UTF_8))
                          .path("result");
                  return r.isEmpty() ? null : r;
                });
        assertThat(recorded.get(0).path("value").get(1).asText()).isEqualTo("9");
      }
      try (CollectorServer second =
          SharedCollector.distributedCollector(port, "alerting-b-" + U, settings)) {
        second.start();
        JsonNode alerts = get(port, "/api/v1/alerts").path("alerts");
        assertThat(activeAtOf(alerts, "h1-" + U))
            .as("activeAt after the restart")
            .isEqualTo(activeAt);
        JsonNode rulesApi = get(port, "/api/v1/rules");
        assertThat(rulesApi.path("groups").get(0).path("rules").get(0).path("state").asText())
            .isEqualTo("firing");

        post("h1-" + U, 2);
        waitFor(
            "h1's resolution in the Alertmanager",
            () ->
                byHost(am.activeAlerts()).keySet().equals(java.util.Set.of("h3-" + U))
                    ? true
                    : null);
        JsonNode history = get(port, "/api/v1/alerts/history").path("changes");
        assertThat(history.toString()).contains("\"from\":\"firing\",\"to\":\"inactive\"");
      }
    }
  }

  private static String activeAtOf(JsonNode alerts, String host) {
    for (JsonNode a : alerts) {
      if (a.path("labels").path("hostname").asText().equals(host)) {
        return a.path("activeAt").asText();
      }
    }
    return "";
  }
}
