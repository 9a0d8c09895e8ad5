package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One careless or hostile client must not hurt the others: poison metrics are named in {@code
 * errors} while valid POSTs sent beside them are stored, bodies of the wrong shape get 400, and
 * compressed bodies are taken. Against the real embedded store.
 */
@ExtendWith(SharedCollector.class)
class IngestIsolationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/ws/v1/timeline/metrics";
  private final TimelineClient client = SharedCollector.client();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final long now = System.currentTimeMillis() / 1000 * 1000;

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

  private static String body(String... metrics) {
    return "{\"metrics\":[" + String.join(",", metrics) + "]}";
  }

  /** Every poison the reliability drills found, each next to one valid metric. */
  private List<String> poisons() {
    String at = "\"" + now + "\":";
    String h = "poison." + run;
    return List.of(
        metric("inf", "app", h, at + "\"Infinity\""),
        metric("neginf", "app", h, at + "\"-Infinity\""),
        metric("huge", "app", h, at + "1e400"),
        metric("neghuge", "app", h, at + "-1e400"),
        metric("n".repeat(32_768), "app", h, at + "1"),
        metric("longapp", "a".repeat(32_768), h, at + "1"),
        metric("longhost", "app", "h".repeat(32_768), at + "1"),
        "{\"metricname\":\"longinstance\",\"appid\":\"app\",\"hostname\":\""
            + h
            + "\",\"instanceid\":\""
            + "i".repeat(32_768)
            + "\",\"metrics\":{"
            + at
            + "1}}",
        metric("nul\u0000name", "app", h, at + "1"),
        metric("nulapp", "a\u0000pp", h, at + "1"),
        metric("epoch", "app", h, "\"1\":1.0"),
        metric("future", "app", h, "\"" + (now + 3 * 86_400_000L) + "\":1.0"));
  }

  @Test
  void poisonNextToValidTrafficIsNamedAndTheValidPostsAreAllStored() throws Exception {
    List<String> poisons = poisons();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<HttpResponse<String>>> valid = new ArrayList<>();
    List<Future<HttpResponse<String>>> poisoned = new ArrayList<>();
    try {
      for (int round = 0; round < 5; round++) {
        for (String poison : poisons) {
          poisoned.add(
              pool.submit(
                  () ->
                      client.post(
                          PATH,
                          body(
                              poison,
                              metric(
                                  "beside." + run, "app", "poison." + run, "\"" + now + "\":2")))));
        }
        for (int i = 0; i < 12; i++) {
          String name = "valid." + run + "." + round + "." + i;
          valid.add(
              pool.submit(
                  () ->
                      client.post(
                          PATH,
                          body(
                              metric(
                                  name,
                                  "app",
                                  "valid." + run,
                                  "\"" + now + "\":3,\"" + (now + 1000) + "\":4")))));
        }
      }
      for (Future<HttpResponse<String>> f : valid) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"errors\":[]}");
      }
      for (Future<HttpResponse<String>> f : poisoned) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("index").asInt()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            client.query(
                "metricNames",
                "valid." + run + ".%",
                "hostname",
                "valid." + run,
                "startTime",
                Long.toString(now - 60_000),
                "endTime",
                Long.toString(now + 60_000),
                "precision",
                "seconds"))
        .hasSize(60)
        .allSatisfy(m -> assertThat(m.points().size()).isEqualTo(2));
    assertThat(
            client.query(
                "metricNames",
                "%",
                "hostname",
                "poison." + run,
                "startTime",
                Long.toString(now - 60_000),
                "endTime",
                Long.toString(now + 60_000),
                "precision",
                "seconds"))
        .extracting(m -> m.metricName())
        .containsExactly("beside." + run);
  }

  @Test
  void eachPoisonSaysWhatIsWrongWithIt() throws Exception {
    List<String> reasons = new ArrayList<>();
    for (String poison : poisons()) {
      JsonNode errors = JSON.readTree(client.post(PATH, body(poison)).body()).get("errors");
      reasons.add(errors.get(0).get("message").asText());
    }
    assertThat(reasons)
        .satisfiesExactly(
            r -> assertThat(r).contains("is Infinity"),
            r -> assertThat(r).contains("is -Infinity"),
            r -> assertThat(r).contains("is Infinity"),
            r -> assertThat(r).contains("is -Infinity"),
            r -> assertThat(r).contains("\"metricname\" is 32768 characters long"),
            r -> assertThat(r).contains("\"appid\" is 32768 characters long"),
            r -> assertThat(r).contains("\"hostname\" is 32768 characters long"),
            r -> assertThat(r).contains("\"instanceid\" is 32768 characters long"),
            r -> assertThat(r).contains("\"metricname\" holds the control character U+0000"),
            r -> assertThat(r).contains("\"appid\" holds the control character U+0000"),
            r -> assertThat(r).contains("timestamp 1 ").contains("before the earliest accepted"),
            r -> assertThat(r).contains("ahead of the collector's clock"));
  }

  @Test
  void bodiesWithoutMetricsAre400AndAByteOrderMarkIsTolerated() {
    for (String bad : List.of("{}", "{\"metrics\":null}", "{\"metrics\":{}}")) {
      HttpResponse<String> r = client.post(PATH, bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains("metrics");
    }
    String name = "bom." + run;
    HttpResponse<String> r =
        client.post(
            PATH,
            ("\uFEFF" + body(metric(name, "app", "h." + run, "\"" + now + "\":1")))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(
            client.query(
                "metricNames",
                name,
                "hostname",
                "h." + run,
                "startTime",
                Long.toString(now - 1000),
                "endTime",
                Long.toString(now + 1000)))
        .hasSize(1);
  }

  @Test
  void gzipBodiesAreInflatedAndBoundedAfterInflation() throws Exception {
    String name = "gzip." + run;
    byte[] compressed =
        gzip(
            body(metric(name, "app", "h." + run, "\"" + now + "\":42"))
                .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> ok = client.post(PATH, compressed, "Content-Encoding", "gzip");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(
            client.query(
                "metricNames",
                name,
                "hostname",
                "h." + run,
                "startTime",
                Long.toString(now - 1000),
                "endTime",
                Long.toString(now + 1000)))
        .singleElement()
        .satisfies(m -> assertThat(m.points().value(0)).isEqualTo(42.0));

    HttpResponse<String> corrupt =
        client.post(
            PATH, "not gzip at all".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip");
    assertThat(corrupt.statusCode()).isEqualTo(400);
    assertThat(corrupt.body()).contains("not valid gzip");

    // Spaces compress about a thousandfold: a small body that would inflate past the limit.
    byte[] bomb =
        gzip(
            ("{\"metrics\":[" + " ".repeat((int) SharedCollector.MAX_REQUEST_BYTES + 10) + "]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(bomb.length).isLessThan((int) SharedCollector.MAX_REQUEST_BYTES / 10);
    HttpResponse<String> tooBig = client.post(PATH, bomb, "Content-Encoding", "gzip");
    assertThat(tooBig.statusCode()).isEqualTo(413);

    HttpResponse<String> brotli =
        client.post(PATH, "x".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "br");
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(client.get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void negativeReversedAndAbsurdQueryTimesAre400() {
    for (String times :
        List.of(
            "startTime=-5&endTime=-1",
            "startTime=1700000060&endTime=1700000000",
            "startTime=1&endTime=99999999999999999")) {
      HttpResponse<String> r = client.get(PATH + "?metricNames=m&" + times);
      assertThat(r.statusCode()).as(times).isEqualTo(400);
      assertThat(r.body()).contains("IllegalArgumentException").doesNotContain("\tat ");
    }
  }

  private static byte[] gzip(byte[] plain) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }
}
