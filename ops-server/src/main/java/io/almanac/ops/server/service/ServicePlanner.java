package io.almanac.ops.server.service;

import io.almanac.ops.protocol.ServiceAction;
import io.almanac.ops.protocol.ServiceStep;
import io.almanac.ops.server.engine.InvalidRequestException;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.TaskSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Turns an action on a service into an ordinary request of service tasks: one stage per component
 * (per batch of its hosts with a batch size), in {@code startAfter} order to start and in reverse
 * to stop; a rolling restart restarts one batch, ready, before the next; STATUS asks every
 * component at once. The agents hold each task to the service contract (the ops agent's {@code
 * ServiceStepRunner}), so a stage ends only when its components are stopped, or started and ready.
 */
public final class ServicePlanner {
  static final int MAX_PAUSE_SECONDS = 3600;

  private ServicePlanner() {}

  /** The request that carries out {@code action} on {@code def}. */
  public static RequestSpec plan(ServiceDefinition def, ServiceActionSpec action)
      throws InvalidRequestException {
    List<String> problems = new ArrayList<>();
    ServiceAction what = parse(action, problems);
    List<ComponentDefinition> chosen = new ArrayList<>();
    if (action != null && action.components() != null && !action.components().isEmpty()) {
      for (String name : action.components()) {
        def.component(name)
            .ifPresentOrElse(
                chosen::add,
                () -> problems.add("\"" + name + "\" is not a component of " + def.name()));
      }
    } else {
      chosen.addAll(def.components());
    }
    if (action != null) {
      if (action.batchSize() != null && action.batchSize() < 1) {
        problems.add("batchSize must be at least 1, got " + action.batchSize());
      }
      if (action.pauseSeconds() != null
          && (action.pauseSeconds() < 0 || action.pauseSeconds() > MAX_PAUSE_SECONDS)) {
        problems.add(
            "pauseSeconds must be between 0 and "
                + MAX_PAUSE_SECONDS
                + ", got "
                + action.pauseSeconds());
      }
      if (action.failureTolerance() != null && action.failureTolerance() < 0) {
        problems.add("failureTolerance must not be negative, got " + action.failureTolerance());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    boolean installing = what == ServiceAction.INSTALL || what == ServiceAction.CONFIGURE;
    List<ComponentDefinition> applicable =
        chosen.stream().filter(c -> installing || c.runs()).toList();
    if (applicable.isEmpty()) {
      throw new InvalidRequestException(
          List.of(
              what
                  + " applies to no chosen component (CLIENT components are not started,"
                  + " stopped or asked their status)"));
    }
    List<ComponentDefinition> order = ComponentOrder.startOrder(def, applicable);
    if (what == ServiceAction.STOP) {
      order = new ArrayList<>(order);
      Collections.reverse(order);
    }
    int tolerance = action.failureTolerance() == null ? 0 : action.failureTolerance();
    List<StageSpec> stages = new ArrayList<>();
    if (what == ServiceAction.STATUS) {
      List<TaskSpec> tasks = new ArrayList<>();
      for (ComponentDefinition c : order) {
        for (String host : c.hosts()) {
          tasks.add(task(def, c, what, host));
        }
      }
      stages.add(stage("STATUS " + def.name(), tasks, tolerance));
    } else {
      for (ComponentDefinition c : order) {
        List<List<String>> batches = batches(c.hosts(), action.batchSize());
        for (int b = 0; b < batches.size(); b++) {
          if (b > 0 && action.pauseSeconds() != null && action.pauseSeconds() > 0) {
            stages.add(pause(action.pauseSeconds(), batches.get(b).get(0)));
          }
          List<TaskSpec> tasks = new ArrayList<>();
          for (String host : batches.get(b)) {
            tasks.add(task(def, c, what, host));
          }
          String name = what + " " + def.name() + "/" + c.name();
          if (batches.size() > 1) {
            name += " (batch " + (b + 1) + " of " + batches.size() + ")";
          }
          stages.add(stage(name, tasks, tolerance));
        }
      }
    }
    String scope =
        chosen.size() == def.components().size()
            ? def.name()
            : def.name()
                + " "
                + String.join(", ", chosen.stream().map(ComponentDefinition::name).toList());
    return new RequestSpec(what + " " + scope, stages, Boolean.TRUE.equals(action.holdOnFailure()));
  }

  private static ServiceAction parse(ServiceActionSpec action, List<String> problems) {
    if (action == null || action.action() == null) {
      problems.add("\"action\" is required: INSTALL, CONFIGURE, START, STOP, RESTART or STATUS");
      return null;
    }
    try {
      return ServiceAction.valueOf(action.action().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          "\"action\" must be INSTALL, CONFIGURE, START, STOP, RESTART or STATUS, got \""
              + action.action()
              + "\"");
      return null;
    }
  }

  private static List<List<String>> batches(List<String> hosts, Integer batchSize) {
    if (batchSize == null || batchSize >= hosts.size()) {
      return List.of(hosts);
    }
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i += batchSize) {
      out.add(hosts.subList(i, Math.min(hosts.size(), i + batchSize)));
    }
    return out;
  }

  private static TaskSpec task(
      ServiceDefinition def, ComponentDefinition c, ServiceAction what, String host) {
    int timeout = what == ServiceAction.RESTART ? 2 * c.timeout() : c.timeout();
    ServiceStep step = new ServiceStep(what, def.name(), c.name(), c.scripts(), c.readiness());
    return new TaskSpec(host, c.name(), what + " " + def.name() + "/" + c.name(), timeout, step);
  }

  /** A stage that may lose {@code tolerance} of its tasks; at least one must complete. */
  private static StageSpec stage(String name, List<TaskSpec> tasks, int tolerance) {
    int mustComplete = Math.max(1, tasks.size() - tolerance);
    return new StageSpec(name, (double) mustComplete / tasks.size(), false, tasks);
  }

  private static StageSpec pause(int seconds, String host) {
    return new StageSpec(
        "pause " + seconds + " s",
        1.0,
        false,
        List.of(new TaskSpec(host, "PAUSE", "sleep " + seconds, seconds + 60)));
  }
}
