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
 * @param token sent as {@code Authorization: Bearer} when the channel opens: the server's
 *     enrollment token (null: none)
 */
public record AgentSettings(
    URI server,
    String hostname,
    Path dataDir,
    int maxParallel,
    Duration progressInterval,
    Duration killGrace,
    Duration maxReconnectDelay,
    String token) {

  /** Turns the server's HTTP address into its agent channel address: http -> ws, https -> wss. */
  public static URI channelOf(ServerAddress server) {
    return URI.create((server.tls() ? "wss://" : "ws://") + server.hostPort() + "/agent/v1");
  }
}
