package io.almanac.collector.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.almanac.model.Points;
import io.almanac.promql.Labels;
import io.almanac.promql.QueryResult;
import io.almanac.promql.Sample;
import io.almanac.promql.Series;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/** Prometheus's JSON answers: {@code {"status":"success","data":...}} and its error form. */
final class PrometheusJson {
  private static final JsonFactory JSON = new JsonFactory();

  private PrometheusJson() {}

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] success(Body data) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("status", "success");
          g.writeFieldName("data");
          data.write(g);
          g.writeEndObject();
        });
  }

  static byte[] error(String type, String message) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("status", "error");
          g.writeStringField("errorType", type);
          g.writeStringField("error", message);
          g.writeEndObject();
        });
  }

  static byte[] result(QueryResult r) {
    return success(
        g -> {
          g.writeStartObject();
          if (r instanceof QueryResult.ScalarResult s) {
            g.writeStringField("resultType", "scalar");
            g.writeFieldName("result");
            point(g, s.timeMs(), s.value());
          } else if (r instanceof QueryResult.StringResult s) {
            g.writeStringField("resultType", "string");
            g.writeFieldName("result");
            g.writeStartArray();
            time(g, s.timeMs());
            g.writeString(s.value());
            g.writeEndArray();
          } else if (r instanceof QueryResult.VectorResult v) {
            g.writeStringField("resultType", "vector");
            g.writeArrayFieldStart("result");
            for (Sample sample : v.samples()) {
              g.writeStartObject();
              labels(g, "metric", sample.labels());
              g.writeFieldName("value");
              point(g, v.timeMs(), sample.value());
              g.writeEndObject();
            }
            g.writeEndArray();
          } else {
            g.writeStringField("resultType", "matrix");
            g.writeArrayFieldStart("result");
            for (Series series : ((QueryResult.MatrixResult) r).series()) {
              g.writeStartObject();
              labels(g, "metric", series.labels());
              g.writeArrayFieldStart("values");
              Points p = series.points();
              for (int i = 0; i < p.size(); i++) {
                point(g, p.timestamp(i), p.value(i));
              }
              g.writeEndArray();
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }

  static byte[] labelSets(List<Labels> sets) {
    return success(
        g -> {
          g.writeStartArray();
          for (Labels l : sets) {
            g.writeStartObject();
            for (var e : l.map().entrySet()) {
              g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  static byte[] strings(List<String> values) {
    return success(
        g -> {
          g.writeStartArray();
          for (String v : values) {
            g.writeString(v);
          }
          g.writeEndArray();
        });
  }

  static byte[] emptyObject() {
    return success(
        g -> {
          g.writeStartObject();
          g.writeEndObject();
        });
  }

  static byte[] emptyArray() {
    return success(
        g -> {
          g.writeStartArray();
          g.writeEndArray();
        });
  }

  static byte[] buildInfo(String version) {
    return success(
        g -> {
          g.writeStartObject();
          g.writeStringField("version", "2.53.0");
          g.writeStringField("revision", "almanac-" + version);
          g.writeStringField("branch", "almanac");
          g.writeStringField("buildUser", "almanac");
          g.writeStringField("buildDate", "");
          g.writeStringField("goVersion", "java" + Runtime.version().feature());
          g.writeEndObject();
        });
  }

  private static void labels(JsonGenerator g, String field, Labels labels) throws IOException {
    g.writeObjectFieldStart(field);
    for (var e : labels.map().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void point(JsonGenerator g, long timeMs, double value) throws IOException {
    g.writeStartArray();
    time(g, timeMs);
    g.writeString(Sample.format(value));
    g.writeEndArray();
  }

  private static void time(JsonGenerator g, long timeMs) throws IOException {
    g.writeNumber(BigDecimal.valueOf(timeMs, 3));
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
