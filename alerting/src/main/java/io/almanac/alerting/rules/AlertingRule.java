package io.almanac.alerting.rules;

import io.almanac.promql.Expr;
import java.util.Map;

/**
 * An {@code alert:} rule.
 *
 * @param name the alert name ({@code alertname} label)
 * @param expr the PromQL expression; every sample it returns is an active alert
 * @param parsed the expression, parsed
 * @param forMs how long an alert stays pending before it fires
 * @param keepFiringForMs how long a firing alert keeps firing after its sample is gone
 * @param labels labels added to each alert, templated
 * @param annotations annotations of each alert, templated
 */
public record AlertingRule(
    String name,
    String expr,
    Expr parsed,
    long forMs,
    long keepFiringForMs,
    Map<String, Template> labels,
    Map<String, Template> annotations)
    implements Rule {
  /** Copies the maps. */
  public AlertingRule {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
