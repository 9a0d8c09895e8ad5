package io.almanac.ops.server.engine;

/** The open connection to one agent, as the engine sees it. */
public interface AgentLink {

  /** Sends one frame; failures are logged by the link, the outbox makes sure it is retried. */
  void send(String text);

  /** Closes the connection, telling the agent why. */
  void close(String reason);
}
