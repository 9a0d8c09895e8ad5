package io.almanac.alerting;

import java.util.List;
import java.util.Map;

/** Where the alerts of each rule and their history persist, so a restart continues them. */
public interface AlertStateStore {
  /** The saved alerts of every rule, by rule key. */
  Map<String, List<Alert>> loadAlerts();

  /** Replaces the saved alerts of the rule {@code ruleKey}. */
  void saveAlerts(String ruleKey, List<Alert> alerts);

  /** Adds state changes to the history. */
  void appendHistory(List<StateChange> changes);

  /** The state changes with a time in {@code [startMs, endMs]}, oldest first. */
  List<StateChange> history(long startMs, long endMs);
}
