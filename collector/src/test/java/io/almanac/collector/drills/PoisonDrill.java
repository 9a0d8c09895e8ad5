package io.almanac.collector.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.CollectorProcess;
import io.almanac.collector.testing.TimelineClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Poison next to valid traffic, and hostile timestamps, against a collector process: 300 valid
 * POSTs sent while a poison sender loops must all be answered 200 and stored; every poison is named
 * in {@code errors}. Then a point at 1 ms is let in on purpose (the accepted window opened to the
 * epoch) and the aggregators must keep going.
 */
class PoisonDrill {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/ws/v1/timeline/metrics";

  private static String metric(String name, String app, String host, String points) {
    return "{\"metricname\":"
        + JSON.valueToTree(name)
        + ",\"appid\":"
        + JSON.valueToTree(app)
        + ",\"hostname\":"
        + JSON.valueToTree(host)
        + ",\"metrics\":{"
        + points
        + "}}";
  }

  private static List<String> poisons(long now) {
    String at = "\"" + now + "\":";
    return List.of(
        metric("p.inf", "app", "p", at + "\"Infinity\""),
        metric("p.neginf", "app", "p", at + "\"-Infinity\""),
        metric("p.huge", "app", "p", at + "1e400"),
        metric("p.neghuge", "app", "p", at + "-1e400"),
        metric("n".repeat(32_768), "app", "p", at + "1"),
        metric("p.app", "a".repeat(32_768), "p", at + "1"),
        metric("p.host", "app", "h".repeat(32_768), at + "1"),
        metric("p\u0000nul", "app", "p", at + "1"),
        metric("p.nulapp", "a\u0000b", "p", at + "1"),
        metric("p.epoch", "app", "p", "\"1\":1"),
        metric("p.negative", "app", "p", "\"-1000\":1"),
        metric("p.future", "app", "p", "\"" + (now + 5 * 86_400_000L) + "\":1"),
        metric("p.max", "app", "p", "\"9223372036854775807\":1"));
  }

  @Test
  void validPostsBesidePoisonAreAllStoredAndEveryPoisonIsNamed() throws Exception {
    long now = System.currentTimeMillis() / 1000 * 1000;
    try (CollectorProcess collector =
        new CollectorProcess(Path.of("target", "drills", "poison-" + now), "1g")) {
      collector.start();
      TimelineClient client = collector.client();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger poisonNamed = new AtomicInteger();
      List<String> poisonFailures = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService poisoners = Executors.newFixedThreadPool(2);
      for (int t = 0; t < 2; t++) {
        poisoners.submit(
            () -> {
              List<String> all = poisons(now);
              for (int i = 0; !stop.get(); i++) {
                HttpResponse<String> r =
                    client.post(PATH, "{\"metrics\":[" + all.get(i % all.size()) + "]}");
                JsonNode errors =
                    r.statusCode() == 200 ? JSON.readTree(r.body()).get("errors") : null;
                if (errors != null && errors.size() == 1) {
                  poisonNamed.incrementAndGet();
                } else {
                  poisonFailures.add(r.statusCode() + " " + r.body());
                }
              }
              return null;
            });
      }
      ExecutorService senders = Executors.newFixedThreadPool(12);
      List<Future<HttpResponse<String>>> valid = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String body =
            "{\"metrics\":["
                + metric("valid.m" + i, "poisondrill", "valid-h", "\"" + now + "\":" + i)
                + "]}";
        valid.add(senders.submit(() -> client.post(PATH, body)));
      }
      int ok = 0;
      for (Future<HttpResponse<String>> f : valid) {
        ok += f.get().statusCode() == 200 ? 1 : 0;
      }
      stop.set(true);
      poisoners.shutdown();
      senders.shutdown();
      poisoners.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      System.out.printf(
          "valid: %d of 300 answered 200; poison: %d named in errors, %d otherwise%n",
          ok, poisonNamed.get(), poisonFailures.size());
      assertThat(ok).isEqualTo(300);
      assertThat(poisonFailures).isEmpty();
      assertThat(poisonNamed.get()).isPositive();
      assertThat(
              client.query(
                  "metricNames",
                  "valid.m%",
                  "appId",
                  "poisondrill",
                  "hostname",
                  "valid-h",
                  "startTime",
                  Long.toString(now - 1000),
                  "endTime",
                  Long.toString(now + 1000),
                  "precision",
                  "seconds"))
          .hasSize(300);
      collector.stop();
    }
  }

  @Test
  void aPointAtOneMillisecondDoesNotStopTheAggregators() throws Exception {
    long now = System.currentTimeMillis();
    Path dir = Path.of("target", "drills", "epoch-" + now);
    try (CollectorProcess collector =
        new CollectorProcess(
            dir,
            "1g",
            Map.of("almanac.ingest.timestamp.earliest", "0", "almanac.aggregation.tick", "2s"))) {
      collector.start();
      TimelineClient client = collector.client();
      HttpResponse<String> r =
          client.post(
              PATH,
              "{\"metrics\":["
                  + metric("epoch.m", "epochdrill", "e", "\"1\":1.0")
                  + ","
                  + metric("epoch.m", "epochdrill", "e", "\"" + (now - 600_000) + "\":2.0")
                  + "]}");
      assertThat(r.body()).isEqualTo("{\"errors\":[]}");
      // Restarted, so the aggregators start afresh with the stray point in the raw table.
      collector.stop();
      collector.start();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
      JsonNode lag;
      do {
        Thread.sleep(2000);
        lag =
            JSON.readTree(client.get("/ws/v1/timeline/metrics/summary").body())
                .get("aggregationLagSeconds");
      } while ((lag == null
              || lag.path("TimelineMetricHostAggregatorMinute").asLong(Long.MAX_VALUE) > 600)
          && System.nanoTime() < deadline);
      assertThat(lag.path("TimelineMetricHostAggregatorMinute").asLong()).isBetween(0L, 600L);
      assertThat(lag.path("TimelineClusterAggregatorSecond").asLong()).isBetween(0L, 600L);
      assertThat(java.nio.file.Files.readString(collector.outputFile()))
          .doesNotContain("Timestamp cannot be negative");
      collector.stop();
    }
  }
}
