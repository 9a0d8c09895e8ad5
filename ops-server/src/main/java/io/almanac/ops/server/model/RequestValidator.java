package io.almanac.ops.server.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Checks a submitted request and names every problem it finds. */
public final class RequestValidator {

  static final int MAX_NAME = 255;
  static final int MAX_ROLE = 100;
  static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
  static final int MAX_PARALLEL_PER_HOST = 1000;

  /**
   * Longest command, in bytes of UTF-8. The agent runs it as one argument of {@code bash -c}, and
   * Linux refuses a single argument over 128 KiB ("Argument list too long"); longer scripts belong
   * in a file the command runs.
   */
  public static final int MAX_COMMAND_BYTES = 64 * 1024;

  private RequestValidator() {}

  /**
   * Returns the problems, empty when the request may be stored.
   *
   * @param knownHost whether a host name belongs to a registered agent
   */
  public static List<String> problems(RequestSpec spec, Predicate<String> knownHost) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("the body must be a JSON object with \"name\" and \"stages\"");
    }
    checkName("name", spec.name(), problems);
    if (spec.stages() == null || spec.stages().isEmpty()) {
      problems.add("\"stages\" must list at least one stage");
      return problems;
    }
    for (int s = 0; s < spec.stages().size(); s++) {
      StageSpec stage = spec.stages().get(s);
      String where = "stages[" + s + "]";
      if (stage == null) {
        problems.add(where + " is null");
        continue;
      }
      checkName(where + ".name", stage.name(), problems);
      if (!(stage.successFraction() > 0.0 && stage.successFraction() <= 1.0)) {
        problems.add(where + ".successFraction must be in (0, 1], got " + stage.successFraction());
      }
      if (stage.tasks() == null || stage.tasks().isEmpty()) {
        problems.add(where + ".tasks must list at least one task");
        continue;
      }
      Integer parallel = stage.parallelPerHost();
      if (parallel != null && (parallel < 1 || parallel > MAX_PARALLEL_PER_HOST)) {
        problems.add(
            where
                + ".parallelPerHost must be between 1 and "
                + MAX_PARALLEL_PER_HOST
                + ", got "
                + parallel);
      }
      // With parallelPerHost a host and role may repeat: the tasks are told apart by their ids.
      Set<String> hostRoles = parallel == null ? new HashSet<>() : null;
      for (int t = 0; t < stage.tasks().size(); t++) {
        checkTask(
            where + ".tasks[" + t + "]", stage.tasks().get(t), knownHost, hostRoles, problems);
      }
    }
    return problems;
  }

  private static void checkTask(
      String where,
      TaskSpec task,
      Predicate<String> knownHost,
      Set<String> hostRoles,
      List<String> problems) {
    if (task == null) {
      problems.add(where + " is null");
      return;
    }
    if (task.host() == null || task.host().isBlank()) {
      problems.add(where + ".host is required");
    } else if (!knownHost.test(task.host())) {
      problems.add(
          where
              + ".host \""
              + task.host()
              + "\" is not a registered agent (see GET /api/v1/hosts)");
    }
    if (task.role() == null || task.role().isBlank()) {
      problems.add(where + ".role is required");
    } else if (task.role().length() > MAX_ROLE) {
      problems.add(where + ".role is longer than " + MAX_ROLE + " characters");
    }
    if (task.command() == null || task.command().isBlank()) {
      problems.add(where + ".command is required");
    } else {
      int bytes = task.command().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes > MAX_COMMAND_BYTES) {
        problems.add(
            where
                + ".command is "
                + bytes
                + " bytes; at most "
                + MAX_COMMAND_BYTES
                + " are accepted (put a longer script in a file and run that)");
      }
    }
    TaskInputsRules.check(where, task.inputs(), problems);
    if (task.timeoutSeconds() < 1 || task.timeoutSeconds() > MAX_TIMEOUT_SECONDS) {
      problems.add(
          where
              + ".timeoutSeconds must be between 1 and "
              + MAX_TIMEOUT_SECONDS
              + ", got "
              + task.timeoutSeconds());
    }
    if (hostRoles != null
        && task.host() != null
        && task.role() != null
        && !hostRoles.add(task.host() + "\u0000" + task.role())) {
      problems.add(
          where
              + " repeats host \""
              + task.host()
              + "\" with role \""
              + task.role()
              + "\" in one stage (set the stage's parallelPerHost to allow that)");
    }
  }

  private static void checkName(String field, String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(field + " is required");
    } else if (value.length() > MAX_NAME) {
      problems.add(field + " is longer than " + MAX_NAME + " characters");
    }
  }
}
