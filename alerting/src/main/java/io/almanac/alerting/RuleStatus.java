package io.almanac.alerting;

import io.almanac.alerting.rules.Rule;
import java.util.List;

/**
 * A rule as the API shows it after its last evaluation.
 *
 * @param rule the rule
 * @param health "ok", "err", or "unknown" before its first evaluation
 * @param lastError the last evaluation's error, or empty
 * @param lastEvaluation when it was last evaluated, epoch ms (0 = never)
 * @param evaluationMs how long that took
 * @param alerts its alerts (alerting rules)
 */
public record RuleStatus(
    Rule rule,
    String health,
    String lastError,
    long lastEvaluation,
    double evaluationMs,
    List<Alert> alerts) {
  /** Copies the list. */
  public RuleStatus {
    alerts = List.copyOf(alerts);
  }
}
