package io.almanac.ops.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one agent needs to know.
 *
 * @param server the WebSocket address of the ops server's agent channel
 * @param maxParallel commands run at once (the server limits this too)
 * @param killGrace time between SIGTERM and SIGKILL when a process tree is stopped
 */
public record AgentSettings(
    URI server,
    String hostname,
    Path dataDir,
    int maxParallel,
    Duration progressInterval,
    Duration killGrace,
    Duration maxReconnectDelay) {

  /** Turns the server's HTTP address into its agent channel address: http -> ws, https -> wss. */
  public static URI channelOf(String httpUrl) {
    URI http = URI.create(httpUrl.endsWith("/") ? httpUrl.substring(0, httpUrl.length() - 1) : httpUrl);
    String scheme = http.getScheme();
    if (scheme == null || http.getHost() == null) {
      throw new IllegalArgumentException("'" + httpUrl + "' is not an http(s)://host:port address");
    }
    String ws =
        switch (scheme.toLowerCase()) {
          case "http" -> "ws";
          case "https" -> "wss";
          default -> throw new IllegalArgumentException(
              "'" + httpUrl + "' must start with http:// or https://");
        };
    int port = http.getPort() > 0 ? http.getPort() : 8440;
    return URI.create(ws + "://" + http.getHost() + ":" + port + "/agent/v1");
  }
}
