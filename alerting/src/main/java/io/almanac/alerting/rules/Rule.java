package io.almanac.alerting.rules;

import io.almanac.promql.Expr;

/** A rule of a group: an alerting rule or a recording rule. */
public sealed interface Rule permits AlertingRule, RecordingRule {
  /** The alert's name, or the name of the recorded series. */
  String name();

  /** The PromQL expression as written. */
  String expr();

  /** The expression, parsed when the file was loaded. */
  Expr parsed();
}
