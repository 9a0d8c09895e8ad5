package io.almanac.sinks.emitter;

import io.almanac.cli.TrustFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Plain {@link HttpURLConnection} calls to collectors: nothing to clash with the host's libraries.
 */
final class HttpSender {
  /** What a POST came to. */
  enum Outcome {
    /** Stored. */
    SENT,
    /** The collector cannot take it now (down, 503, timeout): try again or elsewhere. */
    RETRY,
    /** The collector refused the data itself (400, 413): sending it again will not help. */
    REJECTED,
    /**
     * The collector refused the caller (401, 403): kept and tried again, as with RETRY, until the
     * token is put right.
     */
    REFUSED_CREDENTIALS
  }

  private final EmitterConfig config;
  private final SSLSocketFactory ssl;

  HttpSender(EmitterConfig config) {
    this.config = config;
    this.ssl = config.truststorePath() == null ? null : sslFactory(config);
  }

  private static SSLSocketFactory sslFactory(EmitterConfig config) {
    try {
      char[] password =
          config.truststorePassword() == null ? null : config.truststorePassword().toCharArray();
      return TrustFiles.sslContext(
              new File(config.truststorePath()).toPath(), config.truststoreType(), password)
          .getSocketFactory();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot load truststore: " + e.getMessage(), e);
    }
  }

  String baseUrl(String collector) {
    return config.protocol()
        + "://"
        + (collector.contains(":") ? collector : collector + ":" + config.port());
  }

  private HttpURLConnection open(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    if (ssl != null && c instanceof HttpsURLConnection) {
      ((HttpsURLConnection) c).setSSLSocketFactory(ssl);
    }
    c.setConnectTimeout(config.timeoutMs());
    c.setReadTimeout(config.timeoutMs());
    if (config.token() != null) {
      c.setRequestProperty("Authorization", "Bearer " + config.token());
    }
    return c;
  }

  Outcome post(String collector, byte[] body) {
    HttpURLConnection c = null;
    try {
      c = open(baseUrl(collector) + "/ws/v1/timeline/metrics");
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      drain(status < 400 ? c.getInputStream() : c.getErrorStream());
      if (status >= 200 && status < 300) {
        return Outcome.SENT;
      }
      if (status == 401 || status == 403) {
        return Outcome.REFUSED_CREDENTIALS;
      }
      return status == 400 || status == 413 ? Outcome.REJECTED : Outcome.RETRY;
    } catch (IOException e) {
      return Outcome.RETRY;
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  /** The collectors a collector reports live ({@code /livenodes}), or an empty list. */
  List<String> liveNodes(String collector) {
    HttpURLConnection c = null;
    try {
      c = open(baseUrl(collector) + "/ws/v1/timeline/metrics/livenodes");
      if (c.getResponseCode() != 200) {
        return new ArrayList<String>();
      }
      return parseStringArray(new String(drain(c.getInputStream()), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new ArrayList<String>();
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  static List<String> parseStringArray(String json) {
    List<String> out = new ArrayList<String>();
    try (com.fasterxml.jackson.core.JsonParser p =
        new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        return out;
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
        out.add(p.getText());
      }
    } catch (IOException e) {
      out.clear();
    }
    return out;
  }

  private static byte[] drain(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (InputStream s = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = s.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }
}
