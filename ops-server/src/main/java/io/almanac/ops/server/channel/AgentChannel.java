package io.almanac.ops.server.channel;

import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.security.AgentEnrollment;
import io.almanac.runtime.security.Caller;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agents' endpoint: WebSocket upgrades on {@value #PATH}. */
public final class AgentChannel {

  /** Where agents connect; they derive it from the server's HTTP address. */
  public static final String PATH = "/agent/v1";

  /** Large enough for a final report with 1 MiB of stdout and of stderr, JSON-escaped. */
  static final long MAX_MESSAGE_BYTES = 8L * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(AgentChannel.class);

  private AgentChannel() {}

  private static X509Certificate[] peerCertificates(Request request) {
    return request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE)
            instanceof EndPoint.SslSessionData ssl
        ? ssl.peerCertificates()
        : null;
  }

  /**
   * A handler for {@code server} that upgrades agent connections and hands them to the engine. Only
   * an enrolled host's credential ({@code enrollment}) opens a connection, and only for that host.
   */
  public static Handler handler(
      Server server, OpsEngine engine, Duration idleTimeout, AgentEnrollment enrollment) {
    ContextHandler context = new ContextHandler("/agent");
    WebSocketUpgradeHandler upgrades =
        WebSocketUpgradeHandler.from(
            server,
            context,
            container -> {
              container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
              container.setIdleTimeout(idleTimeout);
              container.addMapping(
                  "/v1",
                  (request, response, callback) -> {
                    String refusal = null;
                    String host = null;
                    if (!(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller)
                        || !AgentEnrollment.AGENT_ROLE.equals(caller.role())) {
                      refusal =
                          "the agent channel takes an enrolled host's own token; enroll with the"
                              + " enrollment token first";
                    } else {
                      host = caller.name();
                      if (request.isSecure()) {
                        refusal =
                            enrollment
                                .certificateProblem(host, peerCertificates(request))
                                .orElse(null);
                      }
                    }
                    if (refusal != null) {
                      LOG.warn(
                          "Refused an agent connection from {}{}: {}",
                          Request.getRemoteAddr(request),
                          host == null ? "" : " as " + host,
                          refusal);
                      Response.writeError(request, response, callback, 403, refusal);
                      return null;
                    }
                    return new AgentSocket(engine, host);
                  });
            });
    context.setHandler(upgrades);
    return context;
  }
}
