package io.almanac.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMS JSON codec for {@code TimelineMetrics}.
 *
 * <p>Decoding streams the body and judges each metric on its own: a metric with a field of the
 * wrong type (a value that is not a number, a timestamp key that is not an integer) becomes a
 * {@link MetricProblem} while the other metrics still decode. Unknown fields are skipped. Only a
 * body that is not JSON at all, or not an object, fails as a whole.
 *
 * <p>Encoding writes AMS's field names and order and leaves out null fields; {@code timestamp} and
 * {@code starttime} are always written, as AMS does for its primitive fields.
 */
public final class MetricsJson {
  /**
   * Doubles read and written with Jackson's fast algorithms (FastDoubleParser, Schubfach): the same
   * values as {@code Double.parseDouble} and {@code Double.toString} give, at a fraction of the
   * cost, which on a large answer was a tenth of the request thread's time.
   */
  private final JsonFactory factory =
      JsonFactory.builder()
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  /** Decodes a POST body. */
  public DecodedBatch decode(InputStream body) {
    try (JsonParser p = factory.createParser(body)) {
      return decodeRoot(p);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a POST body held in memory. */
  public DecodedBatch decode(byte[] body) {
    try (JsonParser p = factory.createParser(body)) {
      return decodeRoot(p);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MalformedMetricsException malformed(JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String where =
        loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return new MalformedMetricsException(
        "Malformed JSON" + where + ": " + e.getOriginalMessage(), e);
  }

  private DecodedBatch decodeRoot(JsonParser p) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new MalformedMetricsException("Malformed JSON: the body is empty", null);
    }
    if (first != JsonToken.START_OBJECT) {
      throw new MalformedMetricsException(
          "Malformed JSON: expected an object {\"metrics\":[...]} but found " + describe(first),
          null);
    }
    List<TimelineMetric> metrics = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<MetricProblem> problems = new ArrayList<>();
    boolean sawMetrics = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (!"metrics".equals(field)) {
        p.skipChildren();
        continue;
      }
      sawMetrics = true;
      if (t != JsonToken.START_ARRAY) {
        throw new MalformedMetricsException(
            "Malformed JSON: \"metrics\" must be an array but is " + describe(t), null);
      }
      int index = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new MalformedMetricsException(
              "Malformed JSON: the body ends inside \"metrics\"", null);
        }
        MetricReader reader = new MetricReader();
        if (t == JsonToken.START_OBJECT) {
          reader.read(p);
        } else {
          reader.problem("metric must be an object but is " + describe(t));
          p.skipChildren();
        }
        if (reader.problem == null) {
          metrics.add(reader.build());
          indexes.add(index);
        } else {
          problems.add(
              new MetricProblem(index, reader.name, reader.app, reader.host, reader.problem));
        }
        index++;
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new MalformedMetricsException(
          "Malformed JSON: the body ends before the closing brace", null);
    }
    if (p.nextToken() != null) {
      throw new MalformedMetricsException(
          "Malformed JSON: unexpected content after the closing brace", null);
    }
    if (!sawMetrics) {
      throw new MalformedMetricsException(
          "the body has no \"metrics\" array: {\"metrics\":[...]} expected", null);
    }
    return new DecodedBatch(metrics, indexes, problems);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the body";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.toString();
    }
  }

  /** Reads one metric object, remembering the first problem found. */
  private static final class MetricReader {
    private String name;
    private String app;
    private String instance;
    private String host;
    private String type;
    private String units;
    private long timestamp;
    private Long startTime;
    private long[] ts = new long[8];
    private double[] vs = new double[8];
    private int count;
    private Map<String, String> metadata;
    private String problem;

    void problem(String reason) {
      if (problem == null) {
        problem = reason;
      }
    }

    void read(JsonParser p) throws IOException {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "metricname":
            name = text(p, t, field);
            break;
          case "appid":
            app = text(p, t, field);
            break;
          case "instanceid":
            instance = text(p, t, field);
            break;
          case "hostname":
            host = text(p, t, field);
            break;
          case "type":
            type = text(p, t, field);
            break;
          case "units":
            units = text(p, t, field);
            break;
          case "timestamp":
            Long legacy = integer(p, t, field);
            timestamp = legacy == null ? 0 : legacy;
            break;
          case "starttime":
            startTime = integer(p, t, field);
            break;
          case "metrics":
            readPoints(p, t);
            break;
          case "metadata":
            readMetadata(p, t);
            break;
          default:
            p.skipChildren();
        }
      }
    }

    private String text(JsonParser p, JsonToken t, String field) throws IOException {
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t.isScalarValue()) {
        return p.getText();
      }
      problem("\"" + field + "\" must be a string but is " + describe(t));
      p.skipChildren();
      return null;
    }

    private Long integer(JsonParser p, JsonToken t, String field) throws IOException {
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      if (t == JsonToken.VALUE_STRING) {
        try {
          return Long.parseLong(p.getText().trim());
        } catch (NumberFormatException e) {
          problem("\"" + field + "\" must be an integer but is \"" + p.getText() + "\"");
          return null;
        }
      }
      problem("\"" + field + "\" must be an integer but is " + describe(t));
      p.skipChildren();
      return null;
    }

    private void readPoints(JsonParser p, JsonToken t) throws IOException {
      if (t == JsonToken.VALUE_NULL) {
        return;
      }
      if (t != JsonToken.START_OBJECT) {
        problem("\"metrics\" must be an object of timestamp to value but is " + describe(t));
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        long when;
        try {
          when = Long.parseLong(key.trim());
        } catch (NumberFormatException e) {
          problem("timestamp \"" + key + "\" is not an integer (epoch milliseconds)");
          p.skipChildren();
          continue;
        }
        double value;
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
          value = p.getDoubleValue();
        } else if (v == JsonToken.VALUE_STRING) {
          String s = p.getText().trim();
          try {
            value = Double.parseDouble(s);
          } catch (NumberFormatException e) {
            problem("value at " + key + " is not a number: \"" + p.getText() + "\"");
            continue;
          }
        } else {
          problem("value at " + key + " is not a number: " + describe(v));
          p.skipChildren();
          continue;
        }
        add(when, value);
      }
    }

    private void add(long when, double value) {
      if (count == ts.length) {
        ts = java.util.Arrays.copyOf(ts, count * 2);
        vs = java.util.Arrays.copyOf(vs, count * 2);
      }
      ts[count] = when;
      vs[count] = value;
      count++;
    }

    private void readMetadata(JsonParser p, JsonToken t) throws IOException {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      metadata = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (v.isScalarValue() && v != JsonToken.VALUE_NULL) {
          metadata.put(key, p.getText());
        } else {
          p.skipChildren();
        }
      }
    }

    TimelineMetric build() {
      Points points = Points.of(ts, vs, count);
      long start = startTime != null ? startTime : points.isEmpty() ? 0 : points.firstTimestamp();
      return new TimelineMetric(
          name, app, instance, host, timestamp, start, type, units, points, metadata);
    }
  }

  /** Writes {@code metrics} as AMS JSON. */
  public void write(TimelineMetrics metrics, OutputStream out) throws IOException {
    write(each -> metrics.metrics().forEach(each), out);
  }

  /**
   * Writes the metrics {@code series} hands over, one at a time, as AMS JSON: each is written as it
   * comes, so the answer is never held whole.
   */
  public void write(
      java.util.function.Consumer<java.util.function.Consumer<TimelineMetric>> series,
      OutputStream out)
      throws IOException {
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("metrics");
      series.accept(
          m -> {
            try {
              writeMetric(g, m);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      g.writeEndArray();
      g.writeEndObject();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** {@code metrics} as AMS JSON bytes. */
  public byte[] toBytes(TimelineMetrics metrics) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(metrics, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeMetric(JsonGenerator g, TimelineMetric m) throws IOException {
    g.writeStartObject();
    writeIfPresent(g, "metricname", m.metricName());
    writeIfPresent(g, "appid", m.appId());
    writeIfPresent(g, "instanceid", m.instanceId());
    writeIfPresent(g, "hostname", m.hostName());
    g.writeNumberField("timestamp", m.timestamp());
    g.writeNumberField("starttime", m.startTime());
    writeIfPresent(g, "type", m.type());
    writeIfPresent(g, "units", m.units());
    g.writeObjectFieldStart("metrics");
    Points points = m.points();
    for (int i = 0; i < points.size(); i++) {
      g.writeFieldName(Long.toString(points.timestamp(i)));
      g.writeNumber(points.value(i));
    }
    g.writeEndObject();
    g.writeObjectFieldStart("metadata");
    for (Map.Entry<String, String> e : m.metadata().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeIfPresent(JsonGenerator g, String field, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
