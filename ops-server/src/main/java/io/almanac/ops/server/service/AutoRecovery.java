package io.almanac.ops.server.service;

import io.almanac.ops.protocol.ServiceAction;
import io.almanac.ops.protocol.ServiceStep;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.TaskSpec;
import io.almanac.ops.server.store.RequestStore;
import io.almanac.ops.server.store.ServiceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a component found stopped is started again: only when its definition asks for it
 * ({@code autoRecovery}), the last completed action there left it STARTED, no earlier recovery of
 * it still runs, and fewer than {@link #MAX_PER_HOUR} were made in the last hour.
 */
public final class AutoRecovery {
  public static final int MAX_PER_HOUR = 3;

  private final ServiceStore services;
  private final RequestStore requests;

  public AutoRecovery(ServiceStore services, RequestStore requests) {
    this.services = services;
    this.requests = requests;
  }

  /** The request that starts {@code component} of {@code service} on {@code host} again, if due. */
  public Optional<RequestSpec> due(
      Connection c, String service, String component, String host, long now) throws SQLException {
    if (!services.goal(c, service, component, host).map("STARTED"::equals).orElse(false)) {
      return Optional.empty();
    }
    Optional<String> stored = services.get(c, service);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Optional<ComponentDefinition> found =
        ServiceDefinition.fromStored(service, stored.get()).component(component);
    if (found.isEmpty() || !found.get().recovers() || !found.get().hosts().contains(host)) {
      return Optional.empty();
    }
    List<Long> recent =
        services.recoveries(c, service, component, host, now - Duration.ofHours(1).toMillis());
    if (recent.size() >= MAX_PER_HOUR) {
      return Optional.empty();
    }
    for (long id : recent) {
      if (requests.request(c, id).map(r -> !r.status().isTerminal()).orElse(false)) {
        return Optional.empty(); // the last recovery still runs
      }
    }
    ComponentDefinition def0 = found.get();
    ServiceStep step =
        new ServiceStep(ServiceAction.START, service, component, def0.scripts(), def0.readiness());
    String what = service + "/" + component;
    TaskSpec task = new TaskSpec(host, component, "START " + what, def0.timeout(), step);
    return Optional.of(
        new RequestSpec(
            "RECOVER "
                + what
                + " on "
                + host
                + " ("
                + (recent.size() + 1)
                + " of "
                + MAX_PER_HOUR
                + " this hour)",
            List.of(new StageSpec("START " + what, 1.0, false, List.of(task)))));
  }
}
