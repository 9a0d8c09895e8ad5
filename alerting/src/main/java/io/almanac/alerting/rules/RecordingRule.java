package io.almanac.alerting.rules;

import io.almanac.promql.Expr;
import java.util.Map;

/**
 * A {@code record:} rule: its result is written back as series named {@code name}.
 *
 * @param name the recorded metric name
 * @param expr the PromQL expression
 * @param parsed the expression, parsed
 * @param labels labels set on every recorded series
 */
public record RecordingRule(String name, String expr, Expr parsed, Map<String, String> labels)
    implements Rule {
  /** Copies the map. */
  public RecordingRule {
    labels = Map.copyOf(labels);
  }
}
