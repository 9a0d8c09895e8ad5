package io.almanac.ops.server.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ops.protocol.StatusChecks;
import io.almanac.ops.server.store.ServiceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which component status scripts an agent runs on its own: those of its host's components. */
public final class ServiceStatusChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServiceStore services = new ServiceStore();

  /** The status checks of every MASTER and WORKER component that runs on {@code host}. */
  public List<StatusChecks.StatusCheck> checksFor(Connection c, String host) throws SQLException {
    List<StatusChecks.StatusCheck> checks = new ArrayList<>();
    for (Map.Entry<String, String> stored : services.all(c).entrySet()) {
      ServiceDefinition def;
      try {
        def = JSON.readValue(stored.getValue(), ServiceDefinition.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a stored service is not readable: " + stored.getKey(), e);
      }
      for (ComponentDefinition component : def.components()) {
        if (component.runs() && component.hosts().contains(host)) {
          checks.add(
              new StatusChecks.StatusCheck(
                  stored.getKey(), component.name(), component.scripts().status()));
        }
      }
    }
    return checks;
  }
}
