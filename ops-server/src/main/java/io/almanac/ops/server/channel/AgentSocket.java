package io.almanac.ops.server.channel;

import io.almanac.ops.protocol.Ack;
import io.almanac.ops.protocol.ComponentStates;
import io.almanac.ops.protocol.Heartbeat;
import io.almanac.ops.protocol.Message;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.ProtocolException;
import io.almanac.ops.protocol.Register;
import io.almanac.ops.protocol.Rejected;
import io.almanac.ops.protocol.Report;
import io.almanac.ops.server.engine.AgentLink;
import io.almanac.ops.server.engine.OpsEngine;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's WebSocket connection. The first frame must be a {@link Register}; after it the
 * connection belongs to that host. Frames are handed to the {@link OpsEngine}, which owns all
 * state; this class only parses and routes.
 */
public final class AgentSocket implements Session.Listener.AutoDemanding, AgentLink {

  private static final Logger LOG = LoggerFactory.getLogger(AgentSocket.class);

  private final OpsEngine engine;
  private final String boundHost;
  private volatile Session session;
  private volatile String host;

  /** A connection that may register only as {@code boundHost}, the host of its credential. */
  AgentSocket(OpsEngine engine, String boundHost) {
    this.engine = engine;
    this.boundHost = boundHost;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
  }

  @Override
  public void onWebSocketText(String text) {
    Message message;
    try {
      message = Messages.fromJson(text);
    } catch (ProtocolException e) {
      LOG.warn("Closing the connection of {}: {}", describe(), e.getMessage());
      close(e.getMessage());
      return;
    }
    if (host == null) {
      if (message instanceof Register register) {
        if (!boundHost.equals(register.hostname())) {
          String reason =
              "the credential of " + boundHost + " cannot register as " + register.hostname();
          LOG.warn("Refusing an agent: {}", reason);
          send(Messages.toJson(new Rejected(0, reason)));
          close(reason);
          return;
        }
        host = register.hostname();
        engine.registered(register, this);
      } else {
        close("the first message must be a registration");
      }
      return;
    }
    if (message instanceof Heartbeat) {
      engine.heartbeat(host);
    } else if (message instanceof Report report) {
      engine.report(host, report, this);
    } else if (message instanceof Ack ack) {
      engine.acknowledged(host, ack);
    } else if (message instanceof ComponentStates states) {
      engine.componentStates(host, states);
    } else {
      LOG.warn("Ignoring a {} from agent {}", message.getClass().getSimpleName(), host);
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    if (host != null) {
      engine.disconnected(host, this);
    }
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("WebSocket error on {}", describe(), cause);
  }

  @Override
  public void send(String text) {
    Session current = session;
    if (current == null || !current.isOpen()) {
      return;
    }
    current.sendText(
        text,
        Callback.from(
            () -> {},
            failure ->
                LOG.debug("Send to {} failed; the outbox will resend", describe(), failure)));
  }

  @Override
  public void close(String reason) {
    Session current = session;
    if (current != null && current.isOpen()) {
      current.close(
          StatusCode.POLICY_VIOLATION,
          reason.length() > 120 ? reason.substring(0, 120) : reason,
          Callback.NOOP);
    }
  }

  private String describe() {
    return host != null ? "agent " + host : "an unregistered agent";
  }
}
