package io.almanac.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Checks a run's figures against stated limits, so that a change that makes Almanac slower or
 * bigger fails the run ({@code scripts/benchmark.sh S --guard}). A limit is {@code ratio.<figure> =
 * N} (Almanac's figure at most N times VictoriaMetrics' in the same run) or {@code max.<figure> =
 * N} (at most N, for figures VictoriaMetrics has no counterpart of). A figure is named by its path
 * in the run's JSON, such as {@code serverCpuMicrosPerPointAfterWarmup} or {@code
 * queries.Q4.p99Ms}; a query whose answer was wrong always fails.
 */
final class Guard {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Guard() {}

  /** Every limit the figures break, each as one line; empty when all hold. */
  static List<String> violations(
      Properties limits, Map<String, Object> almanac, Map<String, Object> victoria) {
    JsonNode a = JSON.valueToTree(almanac);
    JsonNode v = JSON.valueToTree(victoria);
    List<String> out = new ArrayList<>();
    for (String key : new TreeSet<>(limits.stringPropertyNames())) {
      double limit = Double.parseDouble(limits.getProperty(key).trim());
      boolean ratio = key.startsWith("ratio.");
      if (!ratio && !key.startsWith("max.")) {
        throw new IllegalArgumentException("a limit is ratio.<figure> or max.<figure>: " + key);
      }
      String figure = key.substring(key.indexOf('.') + 1);
      JsonNode mine = a.at("/" + figure.replace('.', '/'));
      if (!mine.isNumber()) {
        out.add(figure + ": Almanac has no such figure in this run");
        continue;
      }
      if (!ratio) {
        if (mine.asDouble() > limit) {
          out.add(String.format("%s: %s, more than the limit %s", figure, mine.asText(), limit));
        }
        continue;
      }
      JsonNode theirs = v.at("/" + figure.replace('.', '/'));
      if (!theirs.isNumber()) {
        out.add(figure + ": VictoriaMetrics has no such figure in this run");
        continue;
      }
      // A figure of VictoriaMetrics' rounded to 0 still allows Almanac a small absolute value.
      double base = Math.max(theirs.asDouble(), 0.1);
      if (mine.asDouble() > limit * base) {
        out.add(
            String.format(
                "%s: %s, %.1f times VictoriaMetrics' %s (limit %s times)",
                figure, mine.asText(), mine.asDouble() / base, theirs.asText(), limit));
      }
    }
    for (String group : List.of("queries", "promQlQueries")) {
      a.path(group)
          .properties()
          .forEach(
              q -> {
                if (!q.getValue().path("correct").asBoolean(false)) {
                  out.add(group + "." + q.getKey() + ": wrong answer " + q.getValue());
                }
              });
    }
    if (a.path("queryablePoints").asLong(-1) != a.path("postedPoints").asLong(-2)) {
      out.add(
          "points lost: "
              + a.path("queryablePoints").asText()
              + " queryable of "
              + a.path("postedPoints").asText());
    }
    return out;
  }
}
