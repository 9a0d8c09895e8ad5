package io.almanac.ops.server.service;

import io.almanac.ops.protocol.StatusChecks;
import io.almanac.ops.server.store.ServiceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which component status scripts an agent runs on its own: those of its host's components. */
public final class ServiceStatusChecks {
  private final ServiceStore services = new ServiceStore();

  /** Every stored service definition, read once for the hosts that need their checks. */
  public List<ServiceDefinition> definitions(Connection c) throws SQLException {
    List<ServiceDefinition> defs = new ArrayList<>();
    for (Map.Entry<String, String> stored : services.all(c).entrySet()) {
      defs.add(ServiceDefinition.fromStored(stored.getKey(), stored.getValue()));
    }
    return defs;
  }

  /** The status checks of every MASTER and WORKER component of {@code defs} on {@code host}. */
  public static List<StatusChecks.StatusCheck> checksFor(
      List<ServiceDefinition> defs, String host) {
    List<StatusChecks.StatusCheck> checks = new ArrayList<>();
    for (ServiceDefinition def : defs) {
      for (ComponentDefinition component : def.components()) {
        if (component.runs() && component.hosts().contains(host)) {
          checks.add(
              new StatusChecks.StatusCheck(
                  def.name(), component.name(), component.scripts().status()));
        }
      }
    }
    return checks;
  }
}
