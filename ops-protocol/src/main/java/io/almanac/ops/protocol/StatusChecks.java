package io.almanac.ops.protocol;

import java.util.List;

/**
 * Server to agent: the components of services on this host whose status the agent runs every {@code
 * intervalSeconds}, reporting what it finds ({@link ComponentStates}). A new list replaces the last
 * one; an empty list stops the checks. Sent at registration and when a service changes.
 */
public record StatusChecks(long id, int intervalSeconds, List<StatusCheck> checks)
    implements Message {
  public StatusChecks {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** One component's status script. */
  public record StatusCheck(String service, String component, String status) {}
}
