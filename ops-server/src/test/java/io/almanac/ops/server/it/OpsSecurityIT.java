package io.almanac.ops.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Rejected;
import io.almanac.runtime.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops server closed by default: tokens and roles on the API, agents that enroll once and then
 * hold a credential bound to their host, revocation, and the whole channel over TLS with client
 * certificates.
 */
class OpsSecurityIT {

  @TempDir Path dir;
  private OpsCluster cluster;

  private static final String ONE_TASK =
      "{\"name\":\"audited\",\"stages\":[{\"name\":\"s\",\"tasks\":["
          + "{\"host\":\"h1\",\"role\":\"SHELL\",\"command\":\"echo ran on $(hostname)\","
          + "\"timeoutSeconds\":60}]}]}";

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void startPlain(String... serverArgs) throws Exception {
    cluster = new OpsCluster(dir, Duration.ofSeconds(5), null, null);
    cluster.serverArgs(serverArgs);
    cluster.startServer();
  }

  private String perms(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  /** The host token h1's agent keeps. */
  private String hostToken(String host) throws Exception {
    return OpsCluster.JSON
        .readTree(cluster.agentDir(host).resolve("credentials").resolve("host.json").toFile())
        .get("token")
        .asText();
  }

  private boolean connected(String host) throws Exception {
    for (JsonNode h : OpsCluster.json(cluster.get("/api/v1/hosts"))) {
      if (h.get("hostname").asText().equals(host)) {
        return h.get("connected").asBoolean();
      }
    }
    return false;
  }

  @Test
  void theApiNeedsATokenAndAgentsEnrollOnceThenUseTheirOwnCredential() throws Exception {
    startPlain();
    Path serverDir = dir.resolve("server");
    assertThat(perms(serverDir.resolve("admin.token"))).isEqualTo("rw-------");
    assertThat(perms(serverDir.resolve("agent-enroll.token"))).isEqualTo("rw-------");
    String admin = cluster.serverToken("admin.token");
    String enroll = cluster.serverToken("agent-enroll.token");

    assertThat(cluster.getAs("/api/v1/hosts", null).statusCode()).isEqualTo(401);
    assertThat(cluster.getAs("/", null).statusCode()).isEqualTo(401);
    assertThat(cluster.getAs("/api/v1/hosts", admin + "x").statusCode()).isEqualTo(401);
    assertThat(cluster.getAs("/api/v1/hosts", enroll).statusCode()).isEqualTo(403);
    assertThat(cluster.postAs("/api/v1/requests", ONE_TASK, null).statusCode()).isEqualTo(401);
    assertThat(cluster.postAs("/api/v1/requests", ONE_TASK, enroll).statusCode()).isEqualTo(403);
    assertThat(cluster.getAs("/api/v1/hosts", admin).statusCode()).isEqualTo(200);

    cluster.startAgent("h1");
    cluster.awaitConnected("h1");
    Path credentials = cluster.agentDir("h1").resolve("credentials");
    assertThat(perms(credentials.resolve("agent.key"))).isEqualTo("rw-------");
    assertThat(perms(credentials.resolve("host.json"))).isEqualTo("rw-------");
    assertThat(Files.readString(credentials.resolve("agent.crt"))).contains("BEGIN CERTIFICATE");
    // The enrollment token does not open the channel; the host's own token does, not the API.
    assertThat(cluster.getAs("/api/v1/hosts", hostToken("h1")).statusCode()).isEqualTo(403);
    assertThat(OpsCluster.json(cluster.get("/api/v1/admin/agents")).get(0).get("hostname").asText())
        .isEqualTo("h1");

    long id = cluster.submit(ONE_TASK);
    cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
    String audit = Files.readString(serverDir.resolve("audit.log"));
    assertThat(audit)
        .contains("caller=agent-enroll role=enroll from=127.0.0.1 action=ENROLL host=h1")
        .contains("caller=admin role=admin from=127.0.0.1 action=SUBMIT request=" + id);

    // Once enrolled, the agent needs the enrollment token no more.
    cluster.killAgent("h1");
    cluster.startAgentWithoutToken("h1");
    cluster.awaitConnected("h1");

    // Without a token and without a credential an agent never appears.
    cluster.startAgentWithoutToken("h3");
    OpsCluster.waitUntil(
        "h3 to give up for want of a credential",
        Duration.ofSeconds(30),
        () -> Files.readString(dir.resolve("agent-h3.log")).contains("holds no credential for h3"));
    assertThat(cluster.get("/api/v1/hosts").body()).contains("\"h1\"").doesNotContain("\"h3\"");
  }

  @Test
  void aHostCredentialCannotRegisterAsAnotherHost() throws Exception {
    startPlain();
    cluster.startAgent("h1");
    cluster.awaitConnected("h1");
    URI channel = URI.create("ws://127.0.0.1:" + cluster.port() + "/agent/v1");

    // h1's credential presented by someone registering as h2: refused, h2 never appears.
    Frames frames = new Frames();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + hostToken("h1"))
            .buildAsync(channel, frames)
            .get(10, TimeUnit.SECONDS);
    socket.sendText(
        Messages.toJson(new Register(1, 1, "h2", "Linux", 2, 1L << 30, "test", 1L)), true);
    String answer = frames.texts.poll(10, TimeUnit.SECONDS);
    assertThat(answer).isNotNull();
    assertThat(Messages.fromJson(answer))
        .isInstanceOfSatisfying(
            Rejected.class, r -> assertThat(r.reason()).contains("cannot register as h2"));
    assertThat(cluster.get("/api/v1/hosts").body()).doesNotContain("\"h2\"");

    // The enrollment token and the admin token do not open the channel.
    for (String token :
        List.of(cluster.serverToken("agent-enroll.token"), cluster.serverToken("admin.token"))) {
      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient()
                      .newWebSocketBuilder()
                      .header("Authorization", "Bearer " + token)
                      .buildAsync(channel, new Frames())
                      .join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }
  }

  @Test
  void revokedCredentialsAndRotatedEnrollmentTokensStopWorking() throws Exception {
    startPlain();
    cluster.startAgent("h1");
    cluster.awaitConnected("h1");
    String oldHostToken = hostToken("h1");

    assertThat(cluster.post("/api/v1/admin/agents/h1/revoke", "").statusCode()).isEqualTo(200);
    OpsCluster.waitUntil("h1 to be cut off", Duration.ofSeconds(20), () -> !connected("h1"));
    // The agent tries to enroll again and is refused: a revoked host stays out.
    OpsCluster.waitUntil(
        "h1's new enrollment to be refused",
        Duration.ofSeconds(30),
        () -> Files.readString(dir.resolve("agent-h1.log")).contains("was revoked"));
    assertThat(connected("h1")).isFalse();
    assertThat(cluster.getAs("/api/v1/hosts", oldHostToken).statusCode()).isEqualTo(401);

    // Forgotten, it may enroll again, with a new credential.
    assertThat(cluster.delete("/api/v1/admin/agents/h1").statusCode()).isEqualTo(200);
    cluster.awaitConnected("h1");
    assertThat(hostToken("h1")).isNotEqualTo(oldHostToken);
    assertThat(Files.readString(dir.resolve("server").resolve("audit.log")))
        .contains("action=REVOKE host=h1")
        .contains("action=FORGET host=h1");

    String oldEnroll = cluster.serverToken("agent-enroll.token");
    assertThat(cluster.post("/api/v1/admin/enroll-token/rotate", "").statusCode()).isEqualTo(200);
    String enrollBody = "{\"hostname\":\"h9\",\"publicKey\":\"AAAA\"}";
    assertThat(cluster.postAs("/api/v1/agents/enroll", enrollBody, oldEnroll).statusCode())
        .isEqualTo(401);
    String newEnroll = cluster.serverToken("agent-enroll.token");
    assertThat(newEnroll).isNotEqualTo(oldEnroll);
    HttpResponse<String> malformed = cluster.postAs("/api/v1/agents/enroll", enrollBody, newEnroll);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("publicKey");
    // The enrolled agent keeps working: its credential does not depend on the enrollment token.
    assertThat(connected("h1")).isTrue();
  }

  @Test
  void viewersReadAndOperatorsSubmitWithTokensFromATokensFile() throws Exception {
    Path tokens =
        Files.writeString(
            dir.resolve("tokens"),
            "viewer viewer-token-0123456789 dashboards\noperator operator-token-0123456789 ci\n");
    startPlain("--tokens", tokens.toString());
    cluster.startAgent("h1");
    cluster.awaitConnected("h1");
    assertThat(cluster.getAs("/api/v1/requests", "viewer-token-0123456789").statusCode())
        .isEqualTo(200);
    assertThat(cluster.postAs("/api/v1/requests", ONE_TASK, "viewer-token-0123456789").statusCode())
        .isEqualTo(403);
    HttpResponse<String> submitted =
        cluster.postAs("/api/v1/requests", ONE_TASK, "operator-token-0123456789");
    assertThat(submitted.statusCode()).isEqualTo(201);
    assertThat(
            cluster
                .postAs("/api/v1/admin/enroll-token/rotate", "", "operator-token-0123456789")
                .statusCode())
        .isEqualTo(403);
    assertThat(Files.readString(dir.resolve("server").resolve("audit.log")))
        .contains("caller=ci role=operator from=127.0.0.1 action=SUBMIT");
  }

  @Test
  void overTlsAgentsPresentTheCertificateTheyWereIssued() throws Exception {
    Path pki = Files.createDirectories(dir.resolve("pki"));
    CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(2));
    ca.write(pki.resolve("ca.crt"), pki.resolve("ca.key"));
    ca.issueServer("localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1))
        .write(pki.resolve("server.crt"), pki.resolve("server.key"));
    cluster = new OpsCluster(dir, Duration.ofSeconds(5), null, null);
    cluster.tls(pki.resolve("server.crt"), pki.resolve("server.key"), pki.resolve("ca.crt"));
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.awaitConnected("h1");
    long id = cluster.submit(ONE_TASK);
    cluster.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));

    // The port speaks only TLS.
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + cluster.port() + "/api/v1/hosts"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);

    // h1's token without h1's certificate does not open the channel.
    URI channel = URI.create("wss://127.0.0.1:" + cluster.port() + "/agent/v1");
    String token = hostToken("h1");
    ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () ->
                cluster
                    .client()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(channel, new Frames())
                    .get(10, TimeUnit.SECONDS));
    assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
        .isEqualTo(403);
  }

  /** Collects the text frames a test connection receives. */
  private static final class Frames implements WebSocket.Listener {
    final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      texts.add(data.toString());
      webSocket.request(1);
      return null;
    }
  }
}
