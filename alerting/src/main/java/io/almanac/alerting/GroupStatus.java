package io.almanac.alerting;

import io.almanac.alerting.rules.RuleGroup;
import java.util.List;

/**
 * A group as the API shows it.
 *
 * @param group the group
 * @param rules its rules' status, in order
 * @param lastEvaluation when it was last evaluated, epoch ms (0 = never)
 * @param evaluationMs how long that took
 */
public record GroupStatus(
    RuleGroup group, List<RuleStatus> rules, long lastEvaluation, double evaluationMs) {
  /** Copies the list. */
  public GroupStatus {
    rules = List.copyOf(rules);
  }
}
