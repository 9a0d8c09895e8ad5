package io.almanac.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cli.CommandLines;
import io.almanac.cli.TrustFiles;
import io.almanac.runtime.http.WebServer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsMainTest {
  /** One resource to reach. */
  @Path("/")
  public static final class Hello {
    @GET
    @Path("hello")
    public String hello() {
      return "hello";
    }
  }

  @TempDir java.nio.file.Path dir;

  @Test
  void aCaAndAServerCertificateMadeByTheCommandServeHttps() throws Exception {
    String d = dir.toString();
    assertThat(CommandLines.execute(new CertsMain(), "server", "--dir", d, "--name", "x"))
        .as("no CA yet")
        .isEqualTo(CommandLines.USAGE);
    assertThat(CommandLines.execute(new CertsMain(), "ca", "--dir", d)).isZero();
    assertThat(CommandLines.execute(new CertsMain(), "ca", "--dir", d))
        .as("a CA is made once")
        .isEqualTo(CommandLines.USAGE);
    assertThat(
            CommandLines.execute(
                new CertsMain(), "server", "--dir", d, "--name", "localhost", "--san", "127.0.0.1"))
        .isZero();
    assertThat(Files.getPosixFilePermissions(dir.resolve("localhost.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    // a key of another certificate is refused at start, naming the files
    assertThat(CommandLines.execute(new CertsMain(), "client", "--dir", d, "--name", "agent1"))
        .isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServerTls.of(dir.resolve("localhost.pem"), dir.resolve("agent1.key")).keyStore())
        .hasMessageContaining("is not the key of the certificate");

    WebServer server =
        WebServer.builder("certs-test")
            .listen("127.0.0.1", 0)
            .maxThreads(8)
            .tls(ServerTls.of(dir.resolve("localhost.pem"), dir.resolve("localhost.key")))
            .register(new Hello())
            .build();
    server.start();
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .sslContext(TrustFiles.sslContext(dir.resolve("ca.pem")))
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("https://127.0.0.1:" + server.port() + "/hello"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("hello");
    } finally {
      server.close();
    }
  }
}
