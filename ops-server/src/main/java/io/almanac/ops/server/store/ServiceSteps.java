package io.almanac.ops.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ops.protocol.ServiceStep;

/** A task's service step as stored: JSON in {@code ops_task.service_step}, NULL for none. */
final class ServiceSteps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceSteps() {}

  static String toJson(ServiceStep step) {
    if (step == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(step);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a service step did not serialize", e);
    }
  }

  static ServiceStep fromJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, ServiceStep.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored service step is not readable: " + json, e);
    }
  }
}
