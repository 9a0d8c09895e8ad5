package io.almanac.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cli.TrustFiles;
import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.security.Caller;
import io.almanac.runtime.security.Networks;
import io.almanac.runtime.security.Roles;
import io.almanac.runtime.security.Tokens;
import io.almanac.runtime.tls.CertificateAuthority;
import io.almanac.runtime.tls.ServerTls;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureWebServerTest {
  private static final String READ = "read-token-0123456789";
  private static final String WRITE = "write-token-0123456789";
  private static final String ADMIN = "admin-token-0123456789";

  /** Open, read, write and admin endpoints; each answers its caller's name. */
  @Path("/")
  public static final class Endpoints {
    @Context jakarta.servlet.http.HttpServletRequest servlet;

    private String who() {
      Object caller = servlet.getAttribute(Caller.ATTRIBUTE);
      return caller == null ? "nobody" : ((Caller) caller).name();
    }

    @GET
    @Path("health")
    public String health() {
      return "ok";
    }

    @GET
    @Path("data")
    public String read() {
      return "read by " + who();
    }

    @POST
    @Path("data")
    public String write() {
      return "written by " + who();
    }

    @POST
    @Path("admin/reload")
    public String admin() {
      return "reloaded by " + who();
    }
  }

  @TempDir java.nio.file.Path dir;
  private WebServer server;
  private java.nio.file.Path tokensFile;
  private SSLContext trusting;

  @BeforeEach
  void start() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(1));
    ca.issueServer("localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1))
        .write(dir.resolve("server.pem"), dir.resolve("server.key"));
    ca.write(dir.resolve("ca.pem"), dir.resolve("ca.key"));
    trusting = TrustFiles.sslContext(dir.resolve("ca.pem"));
    tokensFile =
        Files.writeString(
            dir.resolve("tokens"),
            "# role token name\n"
                + "read "
                + READ
                + " grafana\n"
                + "write sha256:"
                + io.almanac.runtime.security.TokenFile.digest(WRITE)
                + " sinks\n"
                + "admin "
                + ADMIN
                + "\n");
    server = server(Networks.none());
    server.start();
  }

  private WebServer server(Networks open) throws IOException {
    Roles roles = Roles.of("read", "write", "admin");
    return WebServer.builder("test-https")
        .listen("127.0.0.1", 0)
        .maxThreads(8)
        .tls(ServerTls.of(dir.resolve("server.pem"), dir.resolve("server.key")))
        .access(
            new AccessSettings(
                Tokens.watch(tokensFile, roles),
                roles,
                (method, path) ->
                    path.equals("/health")
                        ? null
                        : path.startsWith("/admin/")
                            ? "admin"
                            : method.equals("GET") ? "read" : "write",
                open,
                "write",
                "test"))
        .register(new Endpoints())
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HttpClient.newBuilder()
        .sslContext(trusting)
        .build()
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String basic(String token) {
    return "Basic "
        + Base64.getEncoder().encodeToString(("grafana:" + token).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRefusedRequestWithABodyIsAnsweredAndTheConnectionStaysUsable() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> refused =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/data"))
                  .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
                  .header("Authorization", bearer(READ))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      // the same client's next request must not land on the dropped connection
      HttpResponse<String> next =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(next.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void eachRoleMayDoWhatItsRankAllowsAndNoMore() throws Exception {
    assertThat(call("GET", "/health", null).statusCode()).isEqualTo(200);

    HttpResponse<String> anonymous = call("GET", "/data", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate"))
        .containsExactlyInAnyOrder("Bearer realm=\"test\"", "Basic realm=\"test\"");
    assertThat(call("GET", "/data", bearer("not-a-known-token-at-all")).statusCode())
        .isEqualTo(401);
    assertThat(call("GET", "/data", "Digest whatever").statusCode()).isEqualTo(401);

    HttpResponse<String> read = call("GET", "/data", bearer(READ));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("read by grafana");
    assertThat(call("GET", "/data", basic(READ)).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/data", bearer(READ)).statusCode()).isEqualTo(403);

    // the write token is stored as its SHA-256 only
    HttpResponse<String> written = call("POST", "/data", basic(WRITE));
    assertThat(written.statusCode()).isEqualTo(200);
    assertThat(written.body()).isEqualTo("written by sinks");
    assertThat(call("GET", "/data", bearer(WRITE)).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/admin/reload", bearer(WRITE)).statusCode()).isEqualTo(403);

    HttpResponse<String> admin = call("POST", "/admin/reload", bearer(ADMIN));
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body()).isEqualTo("reloaded by admin@line4");
  }

  @Test
  void callersFromAnOpenNetworkWriteWithoutATokenButDoNotAdminister() throws Exception {
    server.close();
    server = server(Networks.parse("10.0.0.0/8, 127.0.0.1"));
    server.start();
    HttpResponse<String> written = call("POST", "/data", null);
    assertThat(written.statusCode()).isEqualTo(200);
    assertThat(written.body()).isEqualTo("written by anonymous@127.0.0.1");
    assertThat(call("GET", "/data", null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/admin/reload", null).statusCode()).isEqualTo(401);
    // credentials that are sent are judged, not ignored
    assertThat(call("POST", "/data", bearer("not-a-known-token-at-all")).statusCode())
        .isEqualTo(401);
    assertThat(call("POST", "/admin/reload", bearer(ADMIN)).statusCode()).isEqualTo(200);

    server.close();
    server = server(Networks.parse("10.0.0.0/8"));
    server.start();
    assertThat(call("POST", "/data", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenTakenOutOfTheFileIsRefusedWithoutARestart() throws Exception {
    assertThat(call("GET", "/data", bearer(READ)).statusCode()).isEqualTo(200);
    Files.writeString(tokensFile, "admin " + ADMIN + "\n");
    Files.setLastModifiedTime(
        tokensFile,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Thread.sleep(1_100); // the file is looked at once a second at most
    assertThat(call("GET", "/data", bearer(READ)).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/data", bearer(ADMIN)).statusCode()).isEqualTo(200);
  }

  @Test
  void aClientThatTrustsAnotherCaIsRefused() throws Exception {
    CertificateAuthority other = CertificateAuthority.create("other CA", Duration.ofDays(1));
    other.write(dir.resolve("other.pem"), dir.resolve("other.key"));
    HttpClient client =
        HttpClient.newBuilder().sslContext(TrustFiles.sslContext(dir.resolve("other.pem"))).build();
    assertThatThrownBy(
            () ->
                client.send(
                    HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + server.port() + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void plainHttpOnTheTlsPortGetsNoAnswer() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readAll(s.getInputStream());
      assertThat(answer).doesNotContain("200").doesNotContain("ok");
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return ""; // a reset is a refusal too
    }
  }
}
