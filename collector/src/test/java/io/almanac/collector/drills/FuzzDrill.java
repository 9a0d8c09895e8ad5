package io.almanac.collector.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.CollectorProcess;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand generated bad requests (fixed seed) against every endpoint that takes input: no
 * answer may be a 5xx, the collector must stay healthy, and nothing stored before may change. Every
 * body is bad by construction (every metric in it is invalid, or the body as a whole), so nothing
 * of the corpus may be stored either.
 */
class FuzzDrill {
  private static final int REQUESTS = 10_000;
  private static final long SEED = 20261204L;
  private static final String POST = "/ws/v1/timeline/metrics";

  /** One bad request: a POST body with its headers, or a GET path. */
  private record BadRequest(String kind, String path, byte[] body, String... headers) {}

  @Test
  void tenThousandBadRequestsGetNo5xxAndChangeNothing() throws Exception {
    Path dir = Path.of("target", "drills", "fuzz-" + System.currentTimeMillis());
    long now = System.currentTimeMillis() / 1000 * 1000;
    try (CollectorProcess collector = new CollectorProcess(dir, "1g")) {
      collector.start();
      TimelineClient client = collector.client();
      Points ref =
          Points.of(
              new long[] {now - 30_000, now - 20_000, now - 10_000}, new double[] {1.5, -2, 3e9});
      assertThat(
              client
                  .post(
                      new TimelineMetrics(
                          List.of(TimelineMetric.of("ref.metric", "refapp", "ref-host", ref))))
                  .statusCode())
          .isEqualTo(200);
      String before = reference(client, now);

      Random random = new Random(SEED);
      List<BadRequest> corpus = new ArrayList<>(REQUESTS);
      for (int i = 0; i < REQUESTS; i++) {
        corpus.add(generate(random, now));
      }
      Map<String, Integer> byStatus = new ConcurrentHashMap<>();
      List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (BadRequest r : corpus) {
        done.add(
            pool.submit(
                () -> {
                  HttpResponse<String> answer =
                      r.body() == null
                          ? client.get(r.path())
                          : client.post(r.path(), r.body(), r.headers());
                  byStatus.merge(r.kind() + " " + answer.statusCode(), 1, Integer::sum);
                  if (answer.statusCode() >= 500) {
                    serverErrors.add(
                        r.kind()
                            + " "
                            + r.path()
                            + " -> "
                            + answer.statusCode()
                            + " "
                            + answer.body());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      System.out.println("answers by kind and status: " + new TreeMap<>(byStatus));
      assertThat(serverErrors).isEmpty();
      assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);
      assertThat(client.get("/health").statusCode()).isEqualTo(200);
      assertThat(reference(client, now)).isEqualTo(before);
      assertThat(client.get("/ws/v1/timeline/metrics/metadata").body()).doesNotContain("fuzz");
      collector.stop();
    }
  }

  private static String reference(TimelineClient client, long now) {
    return client
            .get(
                "/ws/v1/timeline/metrics?metricNames=ref.metric&appId=refapp&hostname=ref-host&startTime="
                    + (now - 60_000)
                    + "&endTime="
                    + (now + 60_000))
            .body()
        + client.get("/ws/v1/timeline/metrics/hosts").body();
  }

  private static final List<String> KINDS =
      List.of(
          "truncated",
          "structure",
          "values",
          "timestamps",
          "names",
          "nesting",
          "bytes",
          "gzip",
          "encoding",
          "query",
          "aggregated",
          "containers",
          "metadata",
          "uuid");

  private static BadRequest generate(Random r, long now) throws Exception {
    String kind = KINDS.get(r.nextInt(KINDS.size()));
    switch (kind) {
      case "truncated":
        {
          String valid = body(metric("fuzz.t" + r.nextInt(100), "\"" + now + "\":1"));
          return post(kind, valid.substring(0, 1 + r.nextInt(valid.length() - 2)));
        }
      case "structure":
        return post(
            kind,
            pick(
                r,
                "[]",
                "null",
                "\"metrics\"",
                "42",
                "{\"metrics\":{}}",
                "{\"metrics\":\"x\"}",
                "{\"metrics\":7}",
                "{}",
                "{\"metrics\":null}",
                "{\"metrics\":[1,2,\"x\",null,[]]}",
                "{\"metrics\":[{\"metricname\":\"fuzz.s\",\"appid\":\"a\",\"hostname\":\"h\",\"metrics\":[1,2]}]}",
                "{\"metrics\":[{\"metricname\":[\"fuzz\"],\"appid\":\"a\",\"hostname\":\"h\"}]}",
                "{\"metrics\":[]} trailing",
                ""));
      case "values":
        return post(
            kind,
            body(
                metric(
                    "fuzz.v" + r.nextInt(100),
                    "\""
                        + now
                        + "\":"
                        + pick(
                            r,
                            "\"Infinity\"",
                            "\"-Infinity\"",
                            "1e400",
                            "-1e999",
                            "\"x\"",
                            "true",
                            "{}",
                            "[1]",
                            "null",
                            "\"1,5\"",
                            "\"0x10\"",
                            "1" + "0".repeat(400)))));
      case "timestamps":
        return post(
            kind,
            body(
                metric(
                    "fuzz.ts" + r.nextInt(100),
                    "\""
                        + pick(
                            r,
                            "1",
                            "-5",
                            "0",
                            "x",
                            "1.5",
                            "",
                            "9223372036854775807",
                            "99999999999999999999",
                            String.valueOf(now + 3 * 86_400_000L),
                            "946684799999")
                        + "\":1")));
      case "names":
        {
          String bad =
              pick(
                  r,
                  "n".repeat(1025 + r.nextInt(40_000)),
                  "a\u0000b",
                  "tab\there",
                  "\u007f",
                  "line\nbreak",
                  "",
                  " ");
          int field = r.nextInt(4);
          String name = field == 0 ? bad : "fuzz.n" + r.nextInt(100);
          String app = field == 1 ? bad : "fuzzapp";
          String host = field == 2 ? bad : "fuzz-host";
          String instance = field == 3 ? ",\"instanceid\":" + json(bad) : "";
          if (field == 3 && bad.isBlank()) {
            name = ""; // a blank instance id is allowed: spoil the name instead
          }
          return post(
              kind,
              "{\"metrics\":[{\"metricname\":"
                  + json(name)
                  + ",\"appid\":"
                  + json(app)
                  + ",\"hostname\":"
                  + json(host)
                  + instance
                  + ",\"metrics\":{\""
                  + now
                  + "\":1}}]}");
        }
      case "nesting":
        {
          int depth = 1000 + r.nextInt(5000);
          return post(kind, "{\"metrics\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        }
      case "bytes":
        {
          byte[] valid =
              body(metric("fuzz.b", "\"" + now + "\":1")).getBytes(StandardCharsets.UTF_8);
          byte[] bad = java.util.Arrays.copyOf(valid, valid.length);
          // invalid UTF-8 inside the metric name: the name can never be stored as sent
          int at = new String(valid, StandardCharsets.UTF_8).indexOf("fuzz.b") + 5;
          bad[at] = (byte) (int) pick(r, 0xC3, 0xFF, 0x80, 0xED);
          return new BadRequest(kind, POST, bad);
        }
      case "gzip":
        {
          byte[] plain = body(metric("fuzz.g", "\"1\":1")).getBytes(StandardCharsets.UTF_8);
          byte[] zipped = gzip(plain);
          byte[] cut = java.util.Arrays.copyOf(zipped, 1 + r.nextInt(zipped.length - 1));
          return new BadRequest(
              kind, POST, r.nextBoolean() ? cut : plain, "Content-Encoding", "gzip");
        }
      case "encoding":
        return new BadRequest(
            kind,
            POST,
            "{}".getBytes(StandardCharsets.UTF_8),
            "Content-Encoding",
            pick(r, "br", "deflate", "compress", "gzip, br", "zstd"));
      case "query":
        return get(
            kind,
            POST
                + "?"
                + pick(
                    r,
                    "",
                    "metricNames=",
                    "metricNames=m&startTime=-5&endTime=-1",
                    "metricNames=m&startTime=x&endTime=1",
                    "metricNames=m&startTime=5",
                    "metricNames=m&startTime=9&endTime=1",
                    "metricNames=m&startTime=1&endTime=99999999999999999999",
                    "metricNames=m&precision=weeks",
                    "metricNames=m&limit=-1",
                    "metricNames=m&limit=99999999999",
                    "metricNames=m&topN=x",
                    "metricNames=m&topN=3&topNFunction=median",
                    "metricNames=m&seriesAggregateFunction=p99",
                    "metricNames=" + enc("%%%._rate._avg._bogus"),
                    "metricNames=" + enc("(((") + "&hostname=" + enc("[["),
                    "metricNames=m&startTime=1&endTime=2&grouped=maybe",
                    "metricNames=" + "m,".repeat(2000) + "m"));
      case "aggregated":
        return new BadRequest(
            kind,
            POST + "/aggregated",
            pick(
                    r,
                    "{}",
                    "[]",
                    "{\"timeInMilis\":\"x\"}",
                    "{\"timeInMilis\":1,\"result\":[{\"timelineMetric\":{\"metricname\":\"fuzz.a\",\"appid\":\"a\","
                        + "\"hostname\":\"h\"},\"metricAggregate\":{\"sum\":1,\"max\":1,\"min\":1,\"numberOfSamples\":1}}]}",
                    "{\"timeInMilis\":"
                        + now
                        + ",\"result\":[{\"timelineMetric\":{\"metricname\":\"fuzz.a\",\"appid\":\"a\","
                        + "\"hostname\":\"h\"},\"metricAggregate\":{\"sum\":1e400,\"max\":1,\"min\":1,\"numberOfSamples\":1}}]}",
                    "{\"timeInMilis\":"
                        + now
                        + ",\"result\":[{\"timelineMetric\":{},\"metricAggregate\":{}}]}",
                    "{bad")
                .getBytes(StandardCharsets.UTF_8));
      case "containers":
        return new BadRequest(
            kind,
            "/ws/v1/timeline/containermetrics",
            pick(
                    r,
                    "{}",
                    "[{}]",
                    "[{\"containerId\":\"nope\"}]",
                    "[{\"containerId\":7}]",
                    "nope",
                    "[")
                .getBytes(StandardCharsets.UTF_8));
      case "metadata":
        return get(
            kind,
            POST + "/metadata?metricName=" + enc(pick(r, "(", "[a-", "*", "\\", "a{99999999999}")));
      default:
        return get(
            kind,
            POST
                + "/uuid?"
                + pick(
                    r,
                    "",
                    "metricName=x",
                    "appId=y",
                    "metricName=" + enc("\u0000") + "&appId=a",
                    "metricName=m&appId=a&hostname=" + "h".repeat(5000)));
    }
  }

  private static String metric(String name, String points) {
    return "{\"metricname\":\""
        + name
        + "\",\"appid\":\"fuzzapp\",\"hostname\":\"fuzz-host\",\"metrics\":{"
        + points
        + "}}";
  }

  private static String body(String... metrics) {
    return "{\"metrics\":[" + String.join(",", metrics) + "]}";
  }

  private static BadRequest post(String kind, String body) {
    return new BadRequest(kind, POST, body.getBytes(StandardCharsets.UTF_8));
  }

  private static BadRequest get(String kind, String path) {
    return new BadRequest(kind, path, null);
  }

  private static String json(String s) {
    return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(s).toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }

  private static byte[] gzip(byte[] plain) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }
}
