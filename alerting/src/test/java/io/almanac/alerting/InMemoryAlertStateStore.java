package io.almanac.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Alert state kept in memory, as the store keeps it across a restart of the service. */
final class InMemoryAlertStateStore implements AlertStateStore {
  final Map<String, List<Alert>> alerts = new ConcurrentHashMap<>();
  final List<StateChange> history = new ArrayList<>();
  int saves;

  @Override
  public Map<String, List<Alert>> loadAlerts() {
    return Map.copyOf(alerts);
  }

  @Override
  public void saveAlerts(String ruleKey, List<Alert> list) {
    saves++;
    alerts.put(ruleKey, List.copyOf(list));
  }

  @Override
  public synchronized void appendHistory(List<StateChange> changes) {
    history.addAll(changes);
  }

  @Override
  public synchronized List<StateChange> history(long startMs, long endMs) {
    return history.stream().filter(c -> c.time() >= startMs && c.time() <= endMs).toList();
  }
}
