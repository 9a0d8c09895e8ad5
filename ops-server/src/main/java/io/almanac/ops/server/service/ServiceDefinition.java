package io.almanac.ops.server.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/** A service: its components, each on its hosts. Checked by {@link ServiceValidator}. */
public record ServiceDefinition(String name, List<ComponentDefinition> components) {

  public ServiceDefinition {
    // null entries are kept so the validator can point at them
    components =
        components == null
            ? null
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(components));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A definition as stored (the JSON the API wrote after checking it) under {@code name}. */
  public static ServiceDefinition fromStored(String name, String json) {
    try {
      return JSON.readValue(json, ServiceDefinition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored service definition is not readable: " + name, e);
    }
  }

  /** The component named {@code name}. */
  public Optional<ComponentDefinition> component(String componentName) {
    return components.stream().filter(c -> c.name().equals(componentName)).findFirst();
  }
}
