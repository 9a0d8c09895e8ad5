package io.almanac.alerting.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.almanac.promql.Expr;
import io.almanac.promql.Parser;
import io.almanac.promql.PromQlException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Loads rule files in Prometheus's format ({@code groups:} of {@code name}, {@code interval},
 * {@code limit}, {@code rules:} with {@code alert} or {@code record}, {@code expr}, {@code for},
 * {@code keep_firing_for}, {@code labels}, {@code annotations}). Every file is checked in full:
 * unknown fields, missing or doubled names, expressions that do not parse, bad durations, label
 * names and templates; all problems are reported together, each naming its file, group and rule.
 */
public final class RuleFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "limit", "rules");
  private static final Set<String> ALERT_FIELDS =
      Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
  private static final Set<String> RECORD_FIELDS = Set.of("record", "expr", "labels");

  private RuleFiles() {}

  /**
   * The groups of every file that {@code patterns} name: paths, or globs in the file name ({@code
   * conf/alerts/*.yml}); a glob that matches nothing is no error, a missing plain path is.
   *
   * @param defaultIntervalMs the interval of groups that give none
   * @throws RuleFileException listing every problem of every file
   */
  public static List<RuleGroup> load(List<String> patterns, long defaultIntervalMs) {
    List<String> problems = new ArrayList<>();
    List<RuleGroup> groups = new ArrayList<>();
    for (Path file : expand(patterns, problems)) {
      groups.addAll(loadFile(file, defaultIntervalMs, problems));
    }
    if (!problems.isEmpty()) {
      throw new RuleFileException(problems);
    }
    return groups;
  }

  /** The files of {@code patterns}, sorted within each pattern, each once. */
  static List<Path> expand(List<String> patterns, List<String> problems) {
    List<Path> files = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (String pattern : patterns) {
      String p = pattern.trim();
      if (p.isEmpty()) {
        continue;
      }
      Path path = Path.of(p);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
        if (!Files.isRegularFile(path)) {
          problems.add(p + ": no such file");
        } else if (seen.add(path.toAbsolutePath().normalize())) {
          files.add(path);
        }
        continue;
      }
      Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
      if (!Files.isDirectory(dir)) {
        continue; // a glob in a missing directory matches nothing
      }
      TreeSet<Path> matched = new TreeSet<>();
      try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, name)) {
        list.forEach(
            f -> {
              if (Files.isRegularFile(f)) {
                matched.add(f);
              }
            });
      } catch (IOException e) {
        problems.add(p + ": cannot list " + dir + ": " + e.getMessage());
      }
      for (Path f : matched) {
        if (seen.add(f.toAbsolutePath().normalize())) {
          files.add(f);
        }
      }
    }
    return files;
  }

  private static List<RuleGroup> loadFile(
      Path file, long defaultIntervalMs, List<String> problems) {
    String where = file.toString();
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      problems.add(where + ": not valid YAML: " + firstLine(e.getMessage()));
      return List.of();
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of(); // an empty file has no groups, as in Prometheus
    }
    if (!root.isObject()) {
      problems.add(where + ": expected a mapping with \"groups\"");
      return List.of();
    }
    unknownFields(root, Set.of("groups"), where, problems);
    JsonNode groups = root.path("groups");
    if (!groups.isMissingNode() && !groups.isArray()) {
      problems.add(where + ": \"groups\" must be a list");
      return List.of();
    }
    List<RuleGroup> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode g : groups) {
      index++;
      String name = g.path("name").asText("");
      String at = where + ": group " + (name.isEmpty() ? "#" + index : "\"" + name + "\"");
      if (!g.isObject()) {
        problems.add(at + ": expected a mapping");
        continue;
      }
      unknownFields(g, GROUP_FIELDS, at, problems);
      if (name.isEmpty()) {
        problems.add(at + ": \"name\" is missing");
      } else if (!names.add(name)) {
        problems.add(at + ": the name is used by another group of the file");
      }
      long interval = defaultIntervalMs;
      if (g.has("interval")) {
        interval = duration(g.get("interval"), at + ": interval", problems);
        if (interval == 0) {
          problems.add(at + ": interval must be more than 0");
        }
      }
      int limit = g.path("limit").asInt(0);
      if (limit < 0) {
        problems.add(at + ": limit must not be negative");
      }
      List<Rule> rules = new ArrayList<>();
      int r = 0;
      for (JsonNode rule : g.path("rules")) {
        r++;
        Rule parsed = rule(rule, at + ", rule #" + r, problems);
        if (parsed != null) {
          rules.add(parsed);
        }
      }
      out.add(new RuleGroup(where, name, interval, limit, rules));
    }
    return out;
  }

  private static Rule rule(JsonNode node, String at, List<String> problems) {
    if (!node.isObject()) {
      problems.add(at + ": expected a mapping");
      return null;
    }
    boolean alert = node.has("alert");
    boolean record = node.has("record");
    String name = node.path(alert ? "alert" : "record").asText("");
    if (!name.isEmpty()) {
      at = at + " (" + (alert ? "alert" : "record") + " \"" + name + "\")";
    }
    if (alert == record) {
      problems.add(at + ": exactly one of \"alert\" and \"record\" must be given");
      return null;
    }
    int before = problems.size();
    unknownFields(node, alert ? ALERT_FIELDS : RECORD_FIELDS, at, problems);
    if (name.isBlank()) {
      problems.add(at + ": the " + (alert ? "alert" : "record") + " name is empty");
    }
    String expr = node.path("expr").asText("");
    Expr parsed = null;
    if (expr.isBlank()) {
      problems.add(at + ": \"expr\" is missing");
    } else {
      try {
        parsed = Parser.parse(expr);
      } catch (PromQlException e) {
        problems.add(at + ": expr: " + e.getMessage());
      }
    }
    Map<String, String> labels = strings(node.path("labels"), at + ": labels", problems, true);
    if (alert) {
      long forMs = node.has("for") ? duration(node.get("for"), at + ": for", problems) : 0;
      long keep =
          node.has("keep_firing_for")
              ? duration(node.get("keep_firing_for"), at + ": keep_firing_for", problems)
              : 0;
      Map<String, String> annotations =
          strings(node.path("annotations"), at + ": annotations", problems, false);
      Map<String, Template> labelTemplates = templates(labels, at + ": label", problems);
      Map<String, Template> annotationTemplates =
          templates(annotations, at + ": annotation", problems);
      if (problems.size() > before) {
        return null;
      }
      return new AlertingRule(name, expr, parsed, forMs, keep, labelTemplates, annotationTemplates);
    }
    if (labels.containsKey("__name__")) {
      problems.add(at + ": labels must not set __name__ (the record name is the metric name)");
    }
    return problems.size() > before ? null : new RecordingRule(name, expr, parsed, labels);
  }

  private static Map<String, String> strings(
      JsonNode node, String at, List<String> problems, boolean labelNames) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      problems.add(at + ": expected a mapping of names to values");
      return out;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (labelNames && !LABEL_NAME.matcher(e.getKey()).matches()) {
        problems.add(at + ": \"" + e.getKey() + "\" is not a valid label name");
      }
      if (e.getValue().isContainerNode()) {
        problems.add(at + ": the value of \"" + e.getKey() + "\" must be a string");
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private static Map<String, Template> templates(
      Map<String, String> texts, String at, List<String> problems) {
    Map<String, Template> out = new LinkedHashMap<>();
    texts.forEach(
        (k, v) -> {
          try {
            out.put(k, Template.parse(v));
          } catch (IllegalArgumentException e) {
            problems.add(at + " \"" + k + "\": template: " + e.getMessage());
          }
        });
    return out;
  }

  private static long duration(JsonNode node, String at, List<String> problems) {
    String text = node.asText("");
    try {
      long ms = Parser.durationMs(text);
      if (ms < 0) {
        throw new PromQlException("negative");
      }
      return ms;
    } catch (RuntimeException e) {
      problems.add(at + ": \"" + text + "\" is not a duration (like 30s, 5m, 1h30m)");
      return 0;
    }
  }

  private static void unknownFields(
      JsonNode node, Set<String> known, String at, List<String> problems) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                problems.add(
                    at + ": unknown field \"" + f + "\" (known: " + new TreeSet<>(known) + ")");
              }
            });
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
