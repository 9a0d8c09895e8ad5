package io.almanac.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Posts bodies from a few keep-alive client threads and records each latency; the bodies are held
 * in a list or made on demand by index.
 */
final class Poster {
  /** What a feed took. */
  record Result(double wallSeconds, double[] latenciesMs, int failures) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Poster() {}

  static Result post(String url, String contentType, List<byte[]> bodies, int threads)
      throws Exception {
    return post(url, contentType, 0, bodies.size(), bodies::get, threads);
  }

  /** Posts bodies {@code from} (inclusive) to {@code to} (exclusive), each made by {@code body}. */
  static Result post(
      String url, String contentType, int from, int to, IntFunction<byte[]> body, int threads)
      throws Exception {
    double[] latencies = new double[to - from];
    AtomicInteger next = new AtomicInteger(from);
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      Future<?>[] workers = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        workers[t] =
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < to) {
                    byte[] b = body.apply(i);
                    long s = System.nanoTime();
                    if (!send(url, contentType, b)) {
                      failures.incrementAndGet();
                    }
                    latencies[i - from] = (System.nanoTime() - s) / 1e6;
                  }
                  return null;
                });
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdown();
    }
    return new Result((System.nanoTime() - start) / 1e9, latencies, failures.get());
  }

  /** Sends one body, retrying after a 503 as a sink would; false if it never got a 2xx. */
  private static boolean send(String url, String contentType, byte[] body)
      throws InterruptedException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          return true;
        }
        if (r.statusCode() != 503) {
          System.err.println("POST " + url + " answered " + r.statusCode() + ": " + r.body());
          return false;
        }
      } catch (IOException e) {
        System.err.println("POST " + url + " failed: " + e);
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** GET, returning the body (throws on a non-200). */
  static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** POST with an empty body, returning the answer's body (throws on a non-200). */
  static String postEmpty(String url, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
