package io.almanac.ops.server.channel;

import io.almanac.ops.server.engine.OpsEngine;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/** The agents' endpoint: WebSocket upgrades on {@value #PATH}. */
public final class AgentChannel {

  /** Where agents connect; they derive it from the server's HTTP address. */
  public static final String PATH = "/agent/v1";

  /** Large enough for a final report with 1 MiB of stdout and of stderr, JSON-escaped. */
  static final long MAX_MESSAGE_BYTES = 8L * 1024 * 1024;

  private AgentChannel() {}

  /** A handler for {@code server} that upgrades agent connections and hands them to the engine. */
  public static Handler handler(Server server, OpsEngine engine, Duration idleTimeout) {
    ContextHandler context = new ContextHandler("/agent");
    WebSocketUpgradeHandler upgrades =
        WebSocketUpgradeHandler.from(
            server,
            context,
            container -> {
              container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
              container.setIdleTimeout(idleTimeout);
              container.addMapping("/v1", (request, response, callback) -> new AgentSocket(engine));
            });
    context.setHandler(upgrades);
    return context;
  }
}
