package io.almanac.ops.server.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.almanac.ops.protocol.ComponentScripts;
import io.almanac.ops.protocol.Readiness;
import java.util.List;

/**
 * One component of a service.
 *
 * @param startAfter components of the same service that must be started, and ready, before this one
 *     (and stopped after it)
 * @param readiness null: a status of 0 is ready enough
 * @param timeoutSeconds null: {@link #DEFAULT_TIMEOUT_SECONDS}; each task's deadline (a restart
 *     gets twice this)
 * @param autoRecovery true: when the agent's status check finds the component stopped on a host
 *     where it should run, the server starts it again (at most {@link AutoRecovery#MAX_PER_HOUR}
 *     times an hour per host); null or false: never
 */
// "state" is what GET adds (the live state of each host): a definition read back may be PUT as is
@JsonIgnoreProperties({"state"})
public record ComponentDefinition(
    String name,
    ComponentCategory category,
    List<String> hosts,
    ComponentScripts scripts,
    List<String> startAfter,
    Readiness readiness,
    Integer timeoutSeconds,
    Boolean autoRecovery) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 600;

  /** Without auto-recovery. */
  public ComponentDefinition(
      String name,
      ComponentCategory category,
      List<String> hosts,
      ComponentScripts scripts,
      List<String> startAfter,
      Readiness readiness,
      Integer timeoutSeconds) {
    this(name, category, hosts, scripts, startAfter, readiness, timeoutSeconds, null);
  }

  /** Whether a stopped component that should run is started again by the server. */
  public boolean recovers() {
    return Boolean.TRUE.equals(autoRecovery) && runs();
  }

  public ComponentDefinition {
    hosts = hosts == null ? null : List.copyOf(hosts);
    startAfter = startAfter == null ? List.of() : List.copyOf(startAfter);
  }

  /** Whether actions that start or stop run on it: not for CLIENTs. */
  public boolean runs() {
    return category != ComponentCategory.CLIENT;
  }

  int timeout() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }
}
