package io.almanac.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MetricsJson;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesSelector;
import io.almanac.testing.InMemoryMetricStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
  /** Takes any non-negative timestamp up to a day past the clock, so tests may use small ones. */
  private static final MetricValidator ANY_TIME =
      new MetricValidator(
          0,
          Duration.ofDays(1),
          java.time.Clock.fixed(
              java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));

  private final InMemoryMetricStore store = new InMemoryMetricStore();
  private IngestService service;

  private IngestService start(long bufferPoints, Duration timeout) {
    service = new IngestService(store, ANY_TIME, bufferPoints, timeout, null, new MetricRegistry());
    service.start();
    return service;
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static DecodedBatch decode(String json) {
    return new MetricsJson().decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String metric(String name, String app, String host, String points) {
    StringBuilder sb = new StringBuilder("{");
    if (name != null) {
      sb.append("\"metricname\":\"").append(name).append("\",");
    }
    if (app != null) {
      sb.append("\"appid\":\"").append(app).append("\",");
    }
    if (host != null) {
      sb.append("\"hostname\":\"").append(host).append("\",");
    }
    return sb.append("\"metrics\":{").append(points).append("}}").toString();
  }

  @Test
  void storesValidMetricsAndNamesEachInvalidOne() {
    start(1000, Duration.ofSeconds(5));
    IngestResult r =
        service.ingest(
            decode(
                "{\"metrics\":["
                    + String.join(
                        ",",
                        metric("ok", "app", "h", "\"1\":1,\"2\":2"),
                        metric(null, "app", "h", "\"1\":1"),
                        metric("noapp", null, "h", "\"1\":1"),
                        metric("nohost", "app", " ", "\"1\":1"),
                        metric("nan", "app", "h", "\"1\":\"x\""),
                        metric("neg", "app", "h", "\"-5\":1"))
                    + "]}"));

    assertThat(r.storedSeries()).isEqualTo(1);
    assertThat(r.storedPoints()).isEqualTo(2);
    assertThat(r.problems())
        .extracting(p -> p.index() + ":" + p.reason())
        .containsExactly(
            "1:\"metricname\" is missing",
            "2:\"appid\" is missing",
            "3:\"hostname\" is missing",
            "4:value at 1 is not a number: \"x\"",
            "5:timestamp -5 is negative; epoch milliseconds expected");
    assertThat(
            store.readRaw(
                new SeriesSelector(List.of("%"), List.of(), null, null), new TimeRange(0, 10)))
        .singleElement()
        .satisfies(s -> assertThat(s.key()).isEqualTo(SeriesKey.of("ok", "app", null, "h")));
  }

  @Test
  void multiClusterModeGivesMetricsWithoutInstanceTheDefault() {
    service =
        new IngestService(
            store, ANY_TIME, 1000, Duration.ofSeconds(5), "DEFAULT", new MetricRegistry());
    service.start();
    service.ingest(
        decode(
            "{\"metrics\":["
                + metric("m", "a", "h", "\"1\":1")
                + ","
                + "{\"metricname\":\"n\",\"appid\":\"a\",\"hostname\":\"h\",\"instanceid\":\"c2\",\"metrics\":{\"1\":1}}]}"));
    assertThat(store.metrics())
        .extracting(d -> d.key().metricName() + "@" + d.key().instanceId())
        .containsExactlyInAnyOrder("m@DEFAULT", "n@c2");
  }

  @Test
  void answersOnlyAfterTheCommit() {
    store.slowWritesBy(300);
    start(1000, Duration.ofSeconds(5));
    long before = System.nanoTime();
    service.ingest(decode("{\"metrics\":[" + metric("m", "a", "h", "\"1\":1") + "]}"));
    assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(store.writes()).isEqualTo(1);
  }

  @Test
  void aFullBufferRefusesInsteadOfQueueing() throws Exception {
    store.slowWritesBy(1500);
    start(3, Duration.ofSeconds(10));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<IngestResult> first =
          pool.submit(
              () ->
                  service.ingest(
                      decode("{\"metrics\":[" + metric("a", "a", "h", "\"1\":1,\"2\":2") + "]}")));
      Thread.sleep(200); // the first (2 points) is now being committed and still counts
      Future<IngestResult> second =
          pool.submit(
              () ->
                  service.ingest(
                      decode("{\"metrics\":[" + metric("b", "a", "h", "\"1\":1") + "]}")));
      Thread.sleep(200); // the second (1 point) waits in the buffer, which is now full
      assertThatThrownBy(
              () ->
                  service.ingest(
                      decode("{\"metrics\":[" + metric("c", "a", "h", "\"1\":1") + "]}")))
          .isInstanceOf(OverloadedException.class)
          .hasMessageContaining("write buffer full");
      assertThat(first.get().storedPoints()).isEqualTo(2);
      assertThat(second.get().storedPoints()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hostRollupsGoThroughTheBufferTheCommitAndTheLateDataMarks() throws Exception {
    List<Long> marked = new java.util.concurrent.CopyOnWriteArrayList<>();
    LateDataMarks marks =
        new LateDataMarks() {
          @Override
          public void rawPoints(List<io.almanac.model.store.SeriesBatch> committed) {}

          @Override
          public void rollups(RollupLevel level, java.util.Collection<Long> timestamps) {
            assertThat(level).isEqualTo(RollupLevel.HOST_MINUTE);
            marked.addAll(timestamps);
          }
        };
    store.slowWritesBy(1500);
    service =
        new IngestService(
            store, marks, ANY_TIME, 2, Duration.ofSeconds(10), null, new MetricRegistry());
    service.start();
    SeriesKey key = SeriesKey.of("m", "a", "", "h");
    Map<SeriesKey, List<Rollup>> rows =
        Map.of(key, List.of(new Rollup(300_000, 6, 3, 3, 1), new Rollup(600_000, 4, 2, 2, 2)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<IngestResult> raw =
          pool.submit(
              () ->
                  service.ingest(
                      decode("{\"metrics\":[" + metric("a", "a", "h", "\"1\":1,\"2\":2") + "]}")));
      Thread.sleep(200); // two raw points are being committed: the buffer of 2 is full
      assertThatThrownBy(() -> service.ingestHostRollups(RollupLevel.HOST_MINUTE, rows))
          .isInstanceOf(OverloadedException.class)
          .hasMessageContaining("write buffer full");
      raw.get();
    } finally {
      pool.shutdownNow();
    }
    store.slowWritesBy(0);
    service.ingestHostRollups(RollupLevel.HOST_MINUTE, rows);
    assertThat(store.rollupRows(RollupLevel.HOST_MINUTE).get(key))
        .containsOnlyKeys(300_000L, 600_000L);
    assertThat(marked).containsExactlyInAnyOrder(300_000L, 600_000L);
  }

  @Test
  void aCommitThatTakesTooLongIsA503NotASuccess() {
    store.slowWritesBy(1000);
    start(100, Duration.ofMillis(100));
    assertThatThrownBy(
            () ->
                service.ingest(decode("{\"metrics\":[" + metric("m", "a", "h", "\"1\":1") + "]}")))
        .isInstanceOf(OverloadedException.class)
        .hasMessageContaining("did not commit within");
  }

  @Test
  void concurrentRequestsShareCommits() throws Exception {
    store.slowWritesBy(50);
    start(100_000, Duration.ofSeconds(10));
    int requests = 40;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<IngestResult>> results =
          java.util.stream.IntStream.range(0, requests)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              go.await();
                            } catch (InterruptedException e) {
                              throw new IllegalStateException(e);
                            }
                            return service.ingest(
                                decode(
                                    "{\"metrics\":["
                                        + metric("m" + i, "a", "h", "\"1\":1")
                                        + "]}"));
                          },
                          pool))
              .toList();
      go.countDown();
      for (CompletableFuture<IngestResult> r : results) {
        assertThat(r.get().storedSeries()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.metrics()).hasSize(requests);
    assertThat(store.writes()).isLessThan(requests);
  }

  @Test
  void closeCommitsWhatWasAccepted() throws Exception {
    store.slowWritesBy(200);
    start(1000, Duration.ofSeconds(10));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<IngestResult> pending =
          pool.submit(
              () ->
                  service.ingest(
                      decode("{\"metrics\":[" + metric("m", "a", "h", "\"1\":1") + "]}")));
      Thread.sleep(50);
      service.close();
      assertThat(pending.get().storedSeries()).isEqualTo(1);
      assertThat(store.metrics()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void poisonMetricsAreNamedAndTheRestIsStored() {
    long now = java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    MetricValidator rules =
        new MetricValidator(
            MetricValidator.DEFAULT_EARLIEST_MS,
            Duration.ofDays(1),
            java.time.Clock.fixed(java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC));
    service =
        new IngestService(store, rules, 1000, Duration.ofSeconds(5), null, new MetricRegistry());
    service.start();
    String at = "\"" + now + "\"";
    IngestResult r =
        service.ingest(
            decode(
                "{\"metrics\":["
                    + String.join(
                        ",",
                        metric("ok", "app", "h", at + ":1"),
                        metric("inf", "app", "h", at + ":\"Infinity\""),
                        metric("neginf", "app", "h", at + ":\"-Infinity\""),
                        metric("huge", "app", "h", at + ":1e400"),
                        metric(
                            "x".repeat(MetricValidator.MAX_METRIC_NAME + 1), "app", "h", at + ":1"),
                        metric("longhost", "app", "h".repeat(256), at + ":1"),
                        metric("nul\\u0000name", "app", "h", at + ":1"),
                        metric("ancient", "app", "h", "\"1\":1"),
                        metric(
                            "future",
                            "app",
                            "h",
                            "\"" + (now + Duration.ofDays(2).toMillis()) + "\":1"),
                        metric("nan", "app", "h", at + ":\"NaN\""))
                    + "]}"));

    assertThat(r.storedSeries()).isEqualTo(2);
    assertThat(r.problems())
        .extracting(p -> p.index() + ":" + p.reason())
        .containsExactly(
            "1:value at "
                + now
                + " is Infinity; only finite numbers (or NaN for no value) are stored",
            "2:value at "
                + now
                + " is -Infinity; only finite numbers (or NaN for no value) are stored",
            "3:value at "
                + now
                + " is Infinity; only finite numbers (or NaN for no value) are stored",
            "4:\"metricname\" is 1025 characters long; at most 1024 are accepted",
            "5:\"hostname\" is 256 characters long; at most 255 are accepted",
            "6:\"metricname\" holds the control character U+0000 at position 3",
            "7:timestamp 1 (1970-01-01T00:00:00.001Z) is before the earliest accepted, 2000-01-01T00:00:00Z; "
                + "epoch milliseconds expected",
            "8:timestamp "
                + (now + Duration.ofDays(2).toMillis())
                + " (2026-01-03T00:00:00Z) is more than PT24H ahead "
                + "of the collector's clock");
    assertThat(store.metrics())
        .extracting(d -> d.key().metricName())
        .containsExactlyInAnyOrder("ok", "nan");
  }

  @Test
  void aRequestTheStoreRefusesDoesNotFailTheOthersOfItsCommit() throws Exception {
    store.slowWritesBy(300);
    store.refuseSeriesNamed("poison");
    start(100_000, Duration.ofSeconds(10));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Future<IngestResult> blocker =
          pool.submit(
              () ->
                  service.ingest(
                      decode("{\"metrics\":[" + metric("first", "a", "h", "\"1\":1") + "]}")));
      Thread.sleep(100); // the next requests queue up behind the first commit and share one
      Future<IngestResult> poison =
          pool.submit(
              () ->
                  service.ingest(
                      decode("{\"metrics\":[" + metric("poison", "a", "h", "\"1\":1") + "]}")));
      List<Future<IngestResult>> valid = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = "valid" + i;
        valid.add(
            pool.submit(
                () ->
                    service.ingest(
                        decode("{\"metrics\":[" + metric(name, "a", "h", "\"1\":1") + "]}"))));
      }
      assertThat(blocker.get().storedSeries()).isEqualTo(1);
      for (Future<IngestResult> f : valid) {
        assertThat(f.get().storedSeries()).isEqualTo(1);
      }
      assertThatThrownBy(poison::get).hasCauseInstanceOf(OverloadedException.class);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.metrics())
        .extracting(d -> d.key().metricName())
        .containsExactlyInAnyOrder("first", "valid0", "valid1", "valid2", "valid3", "valid4");
  }
}
