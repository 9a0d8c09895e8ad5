package io.almanac.ops.agent;

import io.almanac.cli.ServerAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one agent needs to know.
 *
 * @param server the WebSocket address of the ops server's agent channel
 * @param maxParallel commands run at once (the server limits this too)
 * @param killGrace time between SIGTERM and SIGKILL when a process tree is stopped
 * @param enrollToken the server's enrollment token, used once to obtain this host's own credential
 *     (null: the agent must already hold one in its data dir)
 * @param trustFile CA certificates to trust for a {@code wss://} server (PEM, JKS or PKCS12; null:
 *     the JVM's)
 */
public record AgentSettings(
    URI server,
    String hostname,
    Path dataDir,
    int maxParallel,
    Duration progressInterval,
    Duration killGrace,
    Duration maxReconnectDelay,
    String enrollToken,
    Path trustFile) {

  /** Turns the server's HTTP address into its agent channel address: http -> ws, https -> wss. */
  public static URI channelOf(ServerAddress server) {
    return URI.create((server.tls() ? "wss://" : "ws://") + server.hostPort() + "/agent/v1");
  }

  /** Where this agent enrolls: the server's HTTP(S) address of the enrollment call. */
  public URI enrollUri() {
    String scheme = server.getScheme().equals("wss") ? "https" : "http";
    return URI.create(scheme + "://" + server.getRawAuthority() + "/api/v1/agents/enroll");
  }
}
