package io.almanac.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.almanac.collector.config.HttpConfig;
import io.almanac.collector.config.QueryConfig;
import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.ingest.MetricValidator;
import io.almanac.collector.query.PrecisionPlanner;
import io.almanac.collector.query.QueryService;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.schema.SchemaSettings;
import io.almanac.testing.InMemoryMetricStore;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP contract for a collector that cannot take more: 503 with Retry-After while storage
 * starts and when the write buffer is full. Real Jetty on loopback, storage in memory (slowed).
 */
class HttpBackPressureIT {
  private final InMemoryMetricStore store = new InMemoryMetricStore();
  private final ServiceGate gate = new ServiceGate();
  private final MetricRegistry registry = new MetricRegistry();
  private HttpServer http;
  private IngestService ingest;
  private TimelineClient client;

  @BeforeEach
  void start() throws Exception {
    http = new HttpServer(new HttpConfig("127.0.0.1", 0, 4, ""), 1 << 20, false, gate, registry);
    http.start();
    client = new TimelineClient("http://127.0.0.1:" + http.port());
  }

  @AfterEach
  void stop() throws Exception {
    if (ingest != null) {
      ingest.close();
    }
    http.close();
  }

  private static String body(String name, int points) {
    StringBuilder sb =
        new StringBuilder(
            "{\"metrics\":[{\"metricname\":\""
                + name
                + "\",\"appid\":\"a\",\"hostname\":\"h\",\"metrics\":{");
    for (int i = 0; i < points; i++) {
      sb.append(i == 0 ? "" : ",")
          .append('"')
          .append(1_700_000_000_000L + 1000 * i)
          .append("\":")
          .append(i);
    }
    return sb.append("}}]}").toString();
  }

  @Test
  void whileStorageStartsPostsAndHealthAre503WithRetryAfter() {
    HttpResponse<String> post = client.post("/ws/v1/timeline/metrics", body("m", 1));
    assertThat(post.statusCode()).isEqualTo(503);
    assertThat(post.headers().firstValue("Retry-After")).contains(ErrorMapper.RETRY_AFTER_SECONDS);
    assertThat(post.body()).contains("starting");
    assertThat(client.get("/health").statusCode()).isEqualTo(503);
  }

  @Test
  void aFullWriteBufferIs503AndTheRefusedDataIsNotStored() throws Exception {
    store.slowWritesBy(1500);
    ingest =
        new IngestService(
            store, MetricValidator.withDefaults(), 10, Duration.ofSeconds(10), null, registry);
    ingest.start();
    QueryService query =
        new QueryService(
            store,
            Clock.systemUTC(),
            new QueryConfig(5760, 10_000_000L, false, "DEFAULT"),
            PrecisionPlanner.forSchema(SchemaSettings.defaults()),
            new io.almanac.aggregators.FreshRollups(
                store,
                store,
                io.almanac.collector.config.ConfigLoader.load(null, java.util.Map.of())
                    .aggregation()
                    .settings(),
                System::currentTimeMillis));
    gate.open(
        new Services(
            ingest,
            query,
            null,
            store,
            new io.almanac.collector.cluster.SoloCluster("localhost:6188"),
            false,
            null,
            null,
            null));

    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(
            () -> client.post("/ws/v1/timeline/metrics", body("first", 10)));
    Thread.sleep(300);
    HttpResponse<String> refused = client.post("/ws/v1/timeline/metrics", body("refused", 5));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("write buffer full");

    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(store.metrics()).extracting(d -> d.key().metricName()).containsExactly("first");
    assertThat(registry.meter("http.requests.rejected").getCount()).isEqualTo(1);
  }
}
