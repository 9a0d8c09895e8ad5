package io.almanac.sinks.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Without a spool, a batch no collector takes is kept in memory and delivered, in order, once a
 * collector answers: started late, or answering 503 for a while. Against a real HTTP server on
 * loopback that records what it was sent.
 */
class TimelineEmitterTest {
  private static final Pattern VALUE = Pattern.compile("\"metricname\":\"m(\\d+)\"");

  private final List<Integer> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger unavailable = new AtomicInteger();
  private HttpServer server;
  private TimelineEmitter emitter;

  @AfterEach
  void stop() {
    if (emitter != null) {
      emitter.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * A collector that answers 503 to the first {@code refusals} POSTs, then 200, recording each
   * batch's metric.
   */
  private void startCollector(int port, int refusals) throws IOException {
    unavailable.set(refusals);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/ws/v1/timeline/metrics",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          int status = unavailable.getAndDecrement() > 0 ? 503 : 200;
          if (status == 200) {
            Matcher m = VALUE.matcher(new String(body, StandardCharsets.UTF_8));
            while (m.find()) {
              received.add(Integer.parseInt(m.group(1)));
            }
          }
          byte[] answer =
              (status == 200 ? "{\"errors\":[]}" : "{}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  private TimelineEmitter emitter(int port, int queueBatches) {
    return new TimelineEmitter(
        new EmitterConfig()
            .collectors(List.of("127.0.0.1:" + port))
            .hostName("h")
            .timeoutMs(1000)
            .retryBackoffMs(20)
            .failoverAfter(1)
            .discoveryIntervalMs(0)
            .queueBatches(queueBatches));
  }

  private void emit(int n) {
    emitter.emit(
        List.of(
            new SinkMetric(
                "m" + n,
                "app",
                null,
                "h",
                null,
                null,
                Map.of(1_700_000_000_000L + n, (double) n),
                Map.of())));
  }

  private void awaitFailedAttempts() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (emitter.counters().failedAttempts() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(emitter.counters().failedAttempts()).isPositive();
  }

  @Test
  void batchesSentBeforeTheCollectorStartsArriveInOrderOnceItDoes() throws Exception {
    int port = freePort();
    emitter = emitter(port, 100);
    for (int i = 1; i <= 5; i++) {
      emit(i);
    }
    awaitFailedAttempts();
    Thread.sleep(300);
    assertThat(emitter.counters().dropped()).isZero();

    startCollector(port, 2);
    assertThat(emitter.flush(20_000)).as("%s", emitter.counters()).isTrue();
    assertThat(received).containsExactly(1, 2, 3, 4, 5);
    assertThat(emitter.counters().dropped()).isZero();
    assertThat(emitter.counters().sent()).isEqualTo(5);
  }

  @Test
  void aFullMemoryBufferGivesUpTheOldestBatchesAndCountsThem() throws Exception {
    int port = freePort();
    emitter = emitter(port, 3);
    emit(1);
    awaitFailedAttempts(); // batch 1 is held, waiting for a collector
    for (int i = 2; i <= 6; i++) {
      emit(i); // 2, 3, 4 fill the buffer; 5 and 6 push out 2 and 3
    }
    assertThat(emitter.counters().dropped()).isEqualTo(2);

    startCollector(port, 0);
    assertThat(emitter.flush(20_000)).as("%s", emitter.counters()).isTrue();
    assertThat(received).containsExactly(1, 4, 5, 6);
  }
}
