package io.almanac.ops.server.engine;

import io.almanac.ops.server.model.HostState;

/**
 * What the engine knows of one registered host: its state, when it was last heard from, whether
 * that is stored yet, and its agent's connection while it has one. Changed on the engine thread,
 * except the time last heard from, which the connection's thread stamps when a frame arrives (so a
 * busy engine cannot make a live host look silent); state and connectedness are also read by other
 * threads.
 */
final class HostSession {
  private final String hostname;
  private volatile HostState state;
  private volatile long lastSeen;
  private volatile boolean heartbeatUnsaved;
  private AgentLink link;
  private volatile boolean connected;

  HostSession(String hostname, HostState state, long lastSeen) {
    this.hostname = hostname;
    this.state = state;
    this.lastSeen = lastSeen;
  }

  String hostname() {
    return hostname;
  }

  HostState state() {
    return state;
  }

  void state(HostState state) {
    this.state = state;
  }

  long lastSeen() {
    return lastSeen;
  }

  /**
   * Heard from the host at {@code now} (any thread); the time is stored with the next batch of
   * heartbeats. Never moves back.
   */
  void seen(long now) {
    if (now > lastSeen) {
      lastSeen = now;
    }
    heartbeatUnsaved = true;
  }

  /** Whether a heartbeat time waits to be stored. */
  boolean hasUnsavedHeartbeat() {
    return heartbeatUnsaved;
  }

  /** The heartbeat time was stored. */
  void heartbeatSaved() {
    heartbeatUnsaved = false;
  }

  AgentLink link() {
    return link;
  }

  /** The agent's connection; returns the one it replaces, or null. */
  AgentLink connect(AgentLink newLink) {
    AgentLink previous = link;
    link = newLink;
    connected = true;
    return previous;
  }

  /** Forgets the connection; returns it, or null when there was none. */
  AgentLink disconnect() {
    AgentLink previous = link;
    link = null;
    connected = false;
    return previous;
  }

  boolean isConnected() {
    return connected;
  }
}
