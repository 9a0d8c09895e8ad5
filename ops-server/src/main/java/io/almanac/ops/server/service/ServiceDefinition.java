package io.almanac.ops.server.service;

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

  /** The component named {@code name}. */
  public Optional<ComponentDefinition> component(String componentName) {
    return components.stream().filter(c -> c.name().equals(componentName)).findFirst();
  }
}
