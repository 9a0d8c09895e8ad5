package io.almanac.collector.http;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.collector.ingest.IngestResult;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MalformedMetricsException;
import io.almanac.model.json.MetricProblem;
import io.almanac.model.json.MetricsJson;
import java.io.InputStream;
import java.util.List;

/**
 * AMS's metrics POST ({@code /ws/v1/timeline/metrics}): a {@code TimelineMetrics} body decoded,
 * stored, and answered with AMS's {@code {"errors":[...]}} once the valid metrics are committed.
 * Failures are thrown for {@link ErrorMapper} to answer.
 */
final class MetricsPost {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The answer to a POST with no problem, as AMS gives it. */
  private static final String NO_ERRORS = "{\"errors\":[]}";

  private final ServiceGate gate;
  private final MetricsJson codec = new MetricsJson();
  private final long maxRequestBytes;
  private final Meter requests;
  private final Meter malformed;

  MetricsPost(ServiceGate gate, long maxRequestBytes, MetricRegistry registry) {
    this.gate = gate;
    this.maxRequestBytes = maxRequestBytes;
    this.requests = registry.meter("ingest.requests");
    this.malformed = registry.meter("ingest.requests.malformed");
  }

  /**
   * Stores {@code body} (of the declared {@code contentLength}, null when not declared, and {@code
   * contentEncoding}, null for none); returns the answer's JSON.
   */
  String handle(InputStream body, Long contentLength, String contentEncoding) {
    requests.mark();
    InputStream limited = RequestBodies.open(body, contentLength, contentEncoding, maxRequestBytes);
    Services services = gate.get();
    DecodedBatch batch;
    try {
      batch = codec.decode(limited);
    } catch (MalformedMetricsException e) {
      malformed.mark();
      throw e;
    } catch (RequestTooLargeException e) {
      RequestBodies.drain(body);
      throw e;
    }
    IngestResult result = services.ingest().ingest(batch);
    return answer(result.problems());
  }

  /** The answer to a POST that refused {@code problems} (AMS's TimelinePutResponse). */
  static String answer(List<MetricProblem> problems) {
    if (problems.isEmpty()) {
      return NO_ERRORS; // nearly every POST: no JSON tree to build
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode errors = root.putArray("errors");
    for (MetricProblem p : problems) {
      ObjectNode e = errors.addObject();
      e.put("entity", p.metricName() == null ? "" : p.metricName());
      e.put("entitytype", p.appId() == null ? "" : p.appId());
      e.put("errorcode", 1);
      e.put("index", p.index());
      if (p.hostName() != null) {
        e.put("hostname", p.hostName());
      }
      e.put("message", "metrics[" + p.index() + "]: " + p.reason());
    }
    return root.toString();
  }
}
