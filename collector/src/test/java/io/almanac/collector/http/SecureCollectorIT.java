package io.almanac.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cli.TrustFiles;
import io.almanac.collector.config.ConfigKeys;
import io.almanac.collector.server.CollectorServer;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.runtime.security.TokenFile;
import io.almanac.runtime.tls.CertificateAuthority;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A collector with a PEM certificate and a tokens file: HTTPS only, and the role matrix of its
 * endpoints; a sink with the CA and a write token delivers.
 */
@ExtendWith(SharedCollector.class)
class SecureCollectorIT {
  private static final String U = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final String READ = "read-" + U + "-0123456789";
  private static final String WRITE = "write-" + U + "-0123456789";
  private static final String ADMIN = "admin-" + U + "-0123456789";

  private static Path dir;
  private static CollectorServer collector;
  private static int port;
  private static HttpClient https;

  @BeforeAll
  static void start() throws Exception {
    dir = Path.of("target", "it-data", "secure-" + U).toAbsolutePath();
    Files.createDirectories(dir);
    CertificateAuthority ca = CertificateAuthority.create("almanac test CA", Duration.ofDays(1));
    ca.write(dir.resolve("ca.pem"), dir.resolve("ca.key"));
    ca.issueServer("localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1))
        .write(dir.resolve("collector.pem"), dir.resolve("collector.key"));
    Files.writeString(
        dir.resolve("tokens"),
        "read "
            + READ
            + " grafana\n"
            + "write sha256:"
            + TokenFile.digest(WRITE)
            + " sinks\n"
            + "admin "
            + ADMIN
            + " ops\n");
    SSLContext trusting = TrustFiles.sslContext(dir.resolve("ca.pem"));
    https = HttpClient.newBuilder().sslContext(trusting).build();
    port = SharedCollector.freeTcpPort();
    collector =
        SharedCollector.distributedCollector(
            port,
            "secure-" + U,
            Map.of(
                ConfigKeys.TLS_CERTIFICATE.name(), dir.resolve("collector.pem").toString(),
                ConfigKeys.TLS_PRIVATE_KEY.name(), dir.resolve("collector.key").toString(),
                ConfigKeys.SECURITY_TOKENS.name(), dir.resolve("tokens").toString()));
    collector.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (collector != null) {
      collector.close();
    }
  }

  private static int status(String method, String path, String body, String authorization)
      throws Exception {
    return call(method, path, body, authorization).statusCode();
  }

  private static HttpResponse<String> call(
      String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header(
          "Content-Type",
          path.startsWith("/api/") ? "application/x-www-form-urlencoded" : "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String basic(String token) {
    return "Basic "
        + Base64.getEncoder().encodeToString(("any:" + token).getBytes(StandardCharsets.UTF_8));
  }

  private static String metrics(String host) {
    long now = System.currentTimeMillis();
    return "{\"metrics\":[{\"metricname\":\"secure.it\",\"appid\":\"secureit\",\"hostname\":\""
        + host
        + "\",\"starttime\":"
        + now
        + ",\"metrics\":{\""
        + now
        + "\":1.5}}]}";
  }

  @Test
  void everyEndpointAsksForItsRole() throws Exception {
    String read = "/ws/v1/timeline/metrics/metadata";
    String post = "/ws/v1/timeline/metrics";
    // open
    assertThat(status("GET", "/health", null, null)).isEqualTo(200);
    // reads
    HttpResponse<String> anonymous = call("GET", read, null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).hasSize(2);
    assertThat(status("GET", read, null, bearer("wrong-" + READ))).isEqualTo(401);
    assertThat(status("GET", read, null, bearer(READ))).isEqualTo(200);
    assertThat(status("GET", read, null, basic(READ))).isEqualTo(200);
    assertThat(status("GET", "/api/v1/query?query=vector(1)", null, null)).isEqualTo(401);
    assertThat(status("GET", "/api/v1/query?query=vector(1)", null, bearer(READ))).isEqualTo(200);
    // a PromQL query POSTed is a read
    assertThat(status("POST", "/api/v1/query", "query=vector(1)", basic(READ))).isEqualTo(200);
    assertThat(status("GET", "/api/v1/rules", null, bearer(READ))).isEqualTo(200);
    // writes
    assertThat(status("POST", post, metrics("h-read-" + U), null)).isEqualTo(401);
    assertThat(status("POST", post, metrics("h-read-" + U), bearer(READ))).isEqualTo(403);
    assertThat(status("POST", post, metrics("h-bearer-" + U), bearer(WRITE))).isEqualTo(200);
    assertThat(status("POST", post, metrics("h-basic-" + U), basic(WRITE))).isEqualTo(200);
    assertThat(status("POST", post, metrics("h-admin-" + U), bearer(ADMIN))).isEqualTo(200);
    assertThat(status("GET", read, null, bearer(WRITE))).isEqualTo(200);
    // admin
    assertThat(status("GET", "/admin/metrics", null, bearer(READ))).isEqualTo(403);
    assertThat(status("GET", "/admin/metrics", null, bearer(WRITE))).isEqualTo(403);
    assertThat(status("GET", "/admin/metrics", null, bearer(ADMIN))).isEqualTo(200);
    assertThat(status("POST", "/-/reload", null, bearer(WRITE))).isEqualTo(403);
    // alerting is off here: the admin gets through to say so
    assertThat(status("POST", "/-/reload", null, bearer(ADMIN))).isEqualTo(404);

    // what the refused callers sent is not there; what the writers sent is
    String hosts = call("GET", "/ws/v1/timeline/metrics/hosts", null, bearer(READ)).body();
    assertThat(hosts).contains("h-bearer-" + U, "h-basic-" + U).doesNotContain("h-read-" + U);
  }

  @Test
  void plainHttpAndAnUntrustedCaGetNoAnswer() throws Exception {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(
            () ->
                plain.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
    // the JVM's default CAs do not include the test CA
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void aSinkWithTheCaAndAWriteTokenDelivers() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("sink.token"), WRITE + "\n");
    String host = "h-sink-" + U;
    try (TimelineEmitter emitter =
        new TimelineEmitter(
            new EmitterConfig()
                .collectors(List.of("127.0.0.1:" + port))
                .protocol("https")
                .truststore(dir.resolve("ca.pem").toString(), null, null)
                .token(io.almanac.cli.TokenFiles.read(tokenFile.toFile()))
                .hostName(host)
                .discoveryIntervalMs(0))) {
      emitter.emit(
          List.of(
              SinkMetric.gauge("secure.sink", "secureit", host, System.currentTimeMillis(), 42.0)));
      assertThat(emitter.flush(30_000)).isTrue();
    }
    String hosts = call("GET", "/ws/v1/timeline/metrics/hosts", null, bearer(READ)).body();
    assertThat(hosts).contains(host);
  }
}
