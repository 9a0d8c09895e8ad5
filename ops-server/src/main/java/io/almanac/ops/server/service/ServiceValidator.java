package io.almanac.ops.server.service;

import io.almanac.ops.protocol.ComponentScripts;
import io.almanac.ops.protocol.Readiness;
import io.almanac.ops.server.model.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a service definition and names every problem it finds. */
public final class ServiceValidator {
  /** Service and component names: they name directories on the agents. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  static final int MAX_TIMEOUT_SECONDS = 24 * 3600;
  static final int MAX_READINESS_SECONDS = 3600;

  private ServiceValidator() {}

  /** The problems of {@code def}, stored as {@code name}; empty when it may be stored. */
  public static List<String> problems(ServiceDefinition def, String name) {
    List<String> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      problems.add(nameRule("the service name", name));
    }
    if (def == null) {
      problems.add("the body must be a JSON object with \"components\"");
      return problems;
    }
    if (def.name() != null && !def.name().equals(name)) {
      problems.add(
          "name \"" + def.name() + "\" differs from the name in the path \"" + name + "\"");
    }
    if (def.components() == null || def.components().isEmpty()) {
      problems.add("\"components\" must list at least one component");
      return problems;
    }
    Set<String> names = new HashSet<>();
    for (ComponentDefinition c : def.components()) {
      if (c != null && c.name() != null && !names.add(c.name())) {
        problems.add("component \"" + c.name() + "\" is defined twice");
      }
    }
    for (int i = 0; i < def.components().size(); i++) {
      check("components[" + i + "]", def.components().get(i), names, problems);
    }
    if (problems.isEmpty()) {
      ComponentOrder.cycle(def)
          .ifPresent(
              cycle -> problems.add("startAfter makes a cycle: " + String.join(" -> ", cycle)));
    }
    return problems;
  }

  private static void check(
      String where, ComponentDefinition c, Set<String> names, List<String> problems) {
    if (c == null) {
      problems.add(where + " is null");
      return;
    }
    if (c.name() == null || !NAME.matcher(c.name()).matches()) {
      problems.add(nameRule(where + ".name", c.name()));
    }
    if (c.category() == null) {
      problems.add(where + ".category is required: MASTER, WORKER or CLIENT");
    }
    if (c.hosts() == null || c.hosts().isEmpty()) {
      problems.add(where + ".hosts must list at least one host");
    } else {
      Set<String> seen = new HashSet<>();
      for (String host : c.hosts()) {
        if (host == null || host.isBlank()) {
          problems.add(where + ".hosts has an empty entry");
        } else if (!seen.add(host)) {
          problems.add(where + ".hosts lists \"" + host + "\" twice");
        }
      }
    }
    ComponentScripts scripts = c.scripts();
    if (c.runs()) {
      for (Map.Entry<String, String> s :
          Map.of(
                  "start", orEmpty(scripts == null ? null : scripts.start()),
                  "stop", orEmpty(scripts == null ? null : scripts.stop()),
                  "status", orEmpty(scripts == null ? null : scripts.status()))
              .entrySet()) {
        if (s.getValue().isBlank()) {
          problems.add(
              where
                  + ".scripts."
                  + s.getKey()
                  + " is required for a "
                  + c.category()
                  + " component");
        }
      }
    }
    if (scripts != null) {
      for (String script :
          new String[] {
            scripts.install(),
            scripts.configure(),
            scripts.start(),
            scripts.stop(),
            scripts.status()
          }) {
        if (script != null
            && script.getBytes(StandardCharsets.UTF_8).length
                > RequestValidator.MAX_COMMAND_BYTES) {
          problems.add(
              where
                  + " has a script over "
                  + RequestValidator.MAX_COMMAND_BYTES
                  + " bytes (put it in a file the script runs)");
        }
      }
    }
    for (String after : c.startAfter()) {
      if (after == null || !names.contains(after)) {
        problems.add(
            where + ".startAfter names \"" + after + "\", not a component of this service");
      } else if (after.equals(c.name())) {
        problems.add(where + ".startAfter names the component itself");
      }
    }
    if (c.readiness() != null) {
      checkReadiness(where + ".readiness", c.readiness(), problems);
    }
    if (c.timeoutSeconds() != null
        && (c.timeoutSeconds() < 1 || c.timeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
      problems.add(
          where
              + ".timeoutSeconds must be between 1 and "
              + MAX_TIMEOUT_SECONDS
              + ", got "
              + c.timeoutSeconds());
    }
  }

  private static void checkReadiness(String where, Readiness r, List<String> problems) {
    int given =
        (r.command() != null ? 1 : 0) + (r.port() != null ? 1 : 0) + (r.http() != null ? 1 : 0);
    if (given != 1) {
      problems.add(where + " must give exactly one of \"command\", \"port\" and \"http\"");
    }
    if (r.port() != null && (r.port() < 1 || r.port() > 65535)) {
      problems.add(where + ".port must be between 1 and 65535, got " + r.port());
    }
    if (r.http() != null && !(r.http().startsWith("http://") || r.http().startsWith("https://"))) {
      problems.add(where + ".http must be an http:// or https:// URL, got \"" + r.http() + "\"");
    }
    if (r.timeoutSeconds() < 1 || r.timeoutSeconds() > MAX_READINESS_SECONDS) {
      problems.add(
          where
              + ".timeoutSeconds must be between 1 and "
              + MAX_READINESS_SECONDS
              + ", got "
              + r.timeoutSeconds());
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String nameRule(String field, String value) {
    return field
        + " \""
        + value
        + "\" must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit";
  }
}
