package io.almanac.ops.server.model;

/** An agent host as the server sees it. */
public enum HostState {
  /** Registered and heartbeating. */
  HEALTHY,
  /** No heartbeat for longer than the threshold; its unfinished tasks were failed. */
  HEARTBEAT_LOST
}
