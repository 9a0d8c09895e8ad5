package io.almanac.ops.server.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The order {@code startAfter} gives a service's components. */
final class ComponentOrder {
  private ComponentOrder() {}

  /**
   * {@code chosen} in start order: each after the chosen components it starts after, ties in the
   * order of the definition. A component's startAfter entries outside {@code chosen} are taken as
   * already running.
   */
  static List<ComponentDefinition> startOrder(
      ServiceDefinition def, List<ComponentDefinition> chosen) {
    Set<String> names = new LinkedHashSet<>();
    chosen.forEach(c -> names.add(c.name()));
    List<ComponentDefinition> ordered = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    while (ordered.size() < chosen.size()) {
      boolean progress = false;
      for (ComponentDefinition c : chosen) {
        if (placed.contains(c.name())) {
          continue;
        }
        boolean ready =
            c.startAfter().stream().allMatch(a -> !names.contains(a) || placed.contains(a));
        if (ready) {
          ordered.add(c);
          placed.add(c.name());
          progress = true;
          break; // restart from the top: ties keep the definition's order
        }
      }
      if (!progress) {
        throw new IllegalStateException("startAfter of " + def.name() + " has a cycle");
      }
    }
    return ordered;
  }

  /** A cycle of startAfter, as the names along it, if there is one. */
  static Optional<List<String>> cycle(ServiceDefinition def) {
    Map<String, ComponentDefinition> byName = new HashMap<>();
    def.components().forEach(c -> byName.put(c.name(), c));
    Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
    for (ComponentDefinition c : def.components()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> found = visit(c.name(), byName, state, path);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(
      String name,
      Map<String, ComponentDefinition> byName,
      Map<String, Integer> state,
      List<String> path) {
    Integer s = state.get(name);
    if (s != null && s == 2) {
      return Optional.empty();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      return Optional.of(cycle);
    }
    state.put(name, 1);
    path.add(name);
    for (String after : byName.get(name).startAfter()) {
      if (byName.containsKey(after)) {
        Optional<List<String>> found = visit(after, byName, state, path);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    state.put(name, 2);
    return Optional.empty();
  }
}
