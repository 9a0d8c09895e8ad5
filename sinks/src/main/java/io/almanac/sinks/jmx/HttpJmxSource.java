package io.almanac.sinks.jmx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of a Hadoop daemon's {@code /jmx} servlet: {@code {"beans":[{"name":"Hadoop:service=
 * NameNode,name=FSNamesystem","CapacityUsed":123,...}]}}. Nested objects become maps.
 */
public final class HttpJmxSource implements JmxSource {
  private static final JsonFactory JSON = new JsonFactory();
  private final String url;
  private final int timeoutMs;

  /** Reads {@code url} (e.g. {@code http://nn1:9870/jmx}). */
  public HttpJmxSource(String url, int timeoutMs) {
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Map<String, Map<String, Object>> read() throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(timeoutMs);
    c.setReadTimeout(timeoutMs);
    try (InputStream in = c.getInputStream();
        JsonParser p = JSON.createParser(in)) {
      Map<String, Map<String, Object>> out = new LinkedHashMap<String, Map<String, Object>>();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(url + " did not answer a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!"beans".equals(field) || t != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          Map<String, Object> bean = readObject(p);
          Object name = bean.remove("name");
          if (name instanceof String) {
            out.put((String) name, bean);
          }
        }
      }
      return out;
    } finally {
      c.disconnect();
    }
  }

  private static Map<String, Object> readObject(JsonParser p) throws IOException {
    Map<String, Object> out = new LinkedHashMap<String, Object>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        out.put(field, readObject(p));
      } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        out.put(field, p.getNumberValue());
      } else if (t == JsonToken.VALUE_STRING) {
        out.put(field, p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }
}
