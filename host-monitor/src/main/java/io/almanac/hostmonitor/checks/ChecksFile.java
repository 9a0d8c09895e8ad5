package io.almanac.hostmonitor.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.almanac.cli.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a checks file: YAML with optional defaults {@code interval} (60s) and {@code timeout}
 * (10s), and a list {@code checks} whose entries each have a {@code name} and exactly one of {@code
 * port: HOST:PORT}, {@code web: URL} or {@code script: COMMAND}, and may set {@code interval},
 * {@code timeout}, {@code warning} (port and web: a slower answer warns), {@code status} (web: the
 * statuses that are OK) and {@code ca} (web: a PEM file of CAs to trust). The whole file is
 * checked; every problem is reported, naming its check.
 */
public final class ChecksFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Set<String> FILE_FIELDS = Set.of("interval", "timeout", "checks");
  private static final Set<String> KINDS = Set.of("port", "web", "script");
  private static final Set<String> CHECK_FIELDS =
      Set.of("name", "port", "web", "script", "interval", "timeout", "warning", "status", "ca");

  private ChecksFile() {}

  /**
   * The checks of {@code file}.
   *
   * @throws ChecksFileException listing every problem
   */
  public static List<HostCheck> load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ChecksFileException(List.of(file + ": " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    List<HostCheck> checks = new ArrayList<>();
    if (root == null || !root.isObject()) {
      problems.add(file + ": expected a mapping with 'checks:'");
      throw new ChecksFileException(problems);
    }
    unknownFields(root, FILE_FIELDS, file + "", problems);
    Reader defaults = new Reader(file + "", problems);
    Duration interval = defaults.duration(root, "interval", DEFAULT_INTERVAL);
    Duration timeout = defaults.duration(root, "timeout", DEFAULT_TIMEOUT);
    JsonNode list = root.path("checks");
    if (!list.isArray()) {
      problems.add(file + ": 'checks' must be a list");
    } else {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode node = list.get(i);
        String where = file + ": check " + (i + 1) + nameOf(node);
        String name = node.path("name").asText("").trim();
        if (!name.isEmpty() && !names.add(name)) {
          problems.add(where + ": the name is used by an earlier check");
        }
        HostCheck check = check(node, interval, timeout, new Reader(where, problems));
        if (check != null) {
          checks.add(check);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ChecksFileException(problems);
    }
    return checks;
  }

  private static String nameOf(JsonNode node) {
    JsonNode name = node.path("name");
    return name.isTextual() ? " (" + name.asText() + ")" : "";
  }

  private static HostCheck check(
      JsonNode node, Duration defaultInterval, Duration defaultTimeout, Reader r) {
    if (!node.isObject()) {
      r.problem("expected a mapping");
      return null;
    }
    unknownFields(node, CHECK_FIELDS, r.where, r.problems);
    String name = node.path("name").asText("").trim();
    if (name.isEmpty()) {
      r.problem("'name' is missing");
    } else if (name.contains(";")) {
      r.problem("the name may not contain ';'");
    }
    Set<String> kinds = new TreeSet<>();
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (KINDS.contains(f)) {
                kinds.add(f);
              }
            });
    if (kinds.size() != 1) {
      r.problem("give exactly one of 'port', 'web' or 'script' (found " + kinds + ")");
      return null;
    }
    String kind = kinds.iterator().next();
    Duration interval = r.duration(node, "interval", defaultInterval);
    Duration timeout = r.duration(node, "timeout", defaultTimeout);
    Duration warning = r.duration(node, "warning", null);
    if (!kind.equals("web")) {
      for (String webOnly : List.of("status", "ca")) {
        if (node.has(webOnly)) {
          r.problem("'" + webOnly + "' applies to web checks only");
        }
      }
    }
    if (kind.equals("script") && warning != null) {
      r.problem("'warning' does not apply to script checks: the exit code says WARNING");
    }
    String value = node.path(kind).asText("").trim();
    if (value.isEmpty()) {
      r.problem("'" + kind + "' is empty");
      return null;
    }
    int before = r.problems.size();
    HostCheck check =
        switch (kind) {
          case "port" -> port(name, value, interval, timeout, warning, r);
          case "web" -> web(name, value, node, interval, timeout, warning, r);
          default -> new ScriptCheck(name, value, interval, timeout);
        };
    return r.problems.size() == before ? check : null;
  }

  private static PortCheck port(
      String name, String value, Duration interval, Duration timeout, Duration warning, Reader r) {
    try {
      URI uri = new URI("tcp://" + value);
      if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65_535) {
        r.problem("'port' must be HOST:PORT with a port from 1 to 65535, not '" + value + "'");
        return null;
      }
      return new PortCheck(name, uri.getHost(), uri.getPort(), interval, timeout, warning);
    } catch (URISyntaxException e) {
      r.problem("'port' must be HOST:PORT, not '" + value + "'");
      return null;
    }
  }

  private static WebCheck web(
      String name,
      String value,
      JsonNode node,
      Duration interval,
      Duration timeout,
      Duration warning,
      Reader r) {
    URI url;
    try {
      url = new URI(value);
    } catch (URISyntaxException e) {
      r.problem("'web' is not a URL: " + e.getMessage());
      return null;
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      r.problem("'web' must be an http:// or https:// URL, not '" + value + "'");
      return null;
    }
    Set<Integer> statuses = new HashSet<>();
    JsonNode status = node.path("status");
    if (!status.isMissingNode()) {
      Iterator<JsonNode> each = status.isArray() ? status.elements() : List.of(status).iterator();
      each.forEachRemaining(
          s -> {
            if (s.canConvertToInt() && s.asInt() >= 100 && s.asInt() <= 599) {
              statuses.add(s.asInt());
            } else {
              r.problem("'status' must be HTTP statuses (100-599), not " + s);
            }
          });
    }
    Path ca = node.has("ca") ? Path.of(node.path("ca").asText()) : null;
    try {
      return new WebCheck(name, url, statuses, interval, timeout, warning, ca);
    } catch (IllegalArgumentException e) {
      r.problem(e.getMessage());
      return null;
    }
  }

  private static void unknownFields(
      JsonNode node, Set<String> known, String where, List<String> problems) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                problems.add(
                    where + ": unknown field '" + f + "' (known: " + new TreeSet<>(known) + ")");
              }
            });
  }

  /** Reads fields of one node, adding problems that name where it is. */
  private record Reader(String where, List<String> problems) {
    void problem(String what) {
      problems.add(where + ": " + what);
    }

    Duration duration(JsonNode node, String field, Duration fallback) {
      JsonNode value = node.path(field);
      if (value.isMissingNode() || value.isNull()) {
        return fallback;
      }
      try {
        Duration d = Durations.parse(value.asText());
        if (d.isZero()) {
          problem("'" + field + "' must be above 0");
          return fallback;
        }
        return d;
      } catch (IllegalArgumentException e) {
        problem("'" + field + "': " + e.getMessage());
        return fallback;
      }
    }
  }
}
