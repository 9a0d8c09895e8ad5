package io.almanac.sinks.emitter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes AMS's {@code {"metrics":[...]}} JSON, the body of {@code POST /ws/v1/timeline/metrics}.
 */
public final class AmsJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private AmsJson() {}

  /** The JSON body for {@code metrics}. */
  public static byte[] encode(List<SinkMetric> metrics) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + metrics.size() * 160);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("metrics");
      for (SinkMetric m : metrics) {
        g.writeStartObject();
        g.writeStringField("metricname", m.name());
        g.writeStringField("appid", m.appId());
        if (m.instanceId() != null) {
          g.writeStringField("instanceid", m.instanceId());
        }
        g.writeStringField("hostname", m.hostName());
        g.writeNumberField("timestamp", 0);
        g.writeNumberField("starttime", m.startTime());
        if (m.type() != null) {
          g.writeStringField("type", m.type());
        }
        if (m.units() != null) {
          g.writeStringField("units", m.units());
        }
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<Long, Double> p : m.points().entrySet()) {
          g.writeFieldName(Long.toString(p.getKey()));
          g.writeNumber(p.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("metadata");
        for (Map.Entry<String, String> e : m.metadata().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The number of points in {@code metrics}. */
  public static int points(List<SinkMetric> metrics) {
    int n = 0;
    for (SinkMetric m : metrics) {
      n += m.points().size();
    }
    return n;
  }
}
