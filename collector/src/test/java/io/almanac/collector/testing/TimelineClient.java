package io.almanac.collector.testing;

import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MetricsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A small HTTP client for the AMS API of a collector under test. */
public final class TimelineClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final MetricsJson json = new MetricsJson();

  /** A client for the collector at {@code base} (scheme, host and port). */
  public TimelineClient(String base) {
    this.base = base;
  }

  /** POSTs {@code body} to {@code path}. */
  public HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /**
   * POSTs raw {@code body} bytes to {@code path} with extra headers (name, value, name, value...).
   */
  public HttpResponse<String> post(String path, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** POSTs {@code body} to {@code path} without a Content-Length (chunked). */
  public HttpResponse<String> postChunked(String path, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)))
            .build());
  }

  /** POSTs metrics to {@code /ws/v1/timeline/metrics}. */
  public HttpResponse<String> post(TimelineMetrics metrics) {
    return post(
        "/ws/v1/timeline/metrics", new String(json.toBytes(metrics), StandardCharsets.UTF_8));
  }

  /** GETs {@code pathAndQuery}. */
  public HttpResponse<String> get(String pathAndQuery) {
    return send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build());
  }

  /**
   * GETs {@code /ws/v1/timeline/metrics} with the parameters (name, value, name, value...),
   * expecting 200.
   */
  public List<TimelineMetric> query(String... params) {
    StringBuilder q = new StringBuilder("/ws/v1/timeline/metrics?");
    for (int i = 0; i < params.length; i += 2) {
      q.append(i == 0 ? "" : "&")
          .append(params[i])
          .append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = get(q.toString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + q + " answered " + r.statusCode() + ": " + r.body());
    }
    DecodedBatch decoded = json.decode(r.body().getBytes(StandardCharsets.UTF_8));
    if (!decoded.problems().isEmpty()) {
      throw new AssertionError("answer did not decode: " + decoded.problems());
    }
    return decoded.metrics();
  }

  /** The names of {@code metrics}, joined, for assertion messages. */
  public static String names(List<TimelineMetric> metrics) {
    return metrics.stream()
        .map(m -> m.metricName() + "@" + m.hostName())
        .collect(Collectors.joining(","));
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
