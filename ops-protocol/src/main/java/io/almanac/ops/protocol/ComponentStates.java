package io.almanac.ops.protocol;

import java.util.List;

/**
 * Agent to server: what the status scripts of this host's components said in one round of checks
 * ({@link StatusChecks}). Not acknowledged: the next round says it again.
 */
public record ComponentStates(long id, List<ComponentState> states) implements Message {
  public ComponentStates {
    states = states == null ? List.of() : List.copyOf(states);
  }

  /**
   * One component's state: STARTED (status 0), INSTALLED (status 3, stopped) or UNKNOWN (any other
   * exit, or no answer in time), with when it was checked.
   */
  public record ComponentState(String service, String component, String state, long checkedAt) {}
}
