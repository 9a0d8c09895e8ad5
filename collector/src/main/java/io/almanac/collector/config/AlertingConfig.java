package io.almanac.collector.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Alert rules and their delivery.
 *
 * @param ruleFiles rule files, paths or globs; none = alerting off
 * @param evaluationInterval the interval of groups that give none
 * @param resendDelay how often firing alerts are sent again
 * @param alertmanagers Alertmanagers' base addresses
 * @param webhooks webhook addresses
 * @param queueCapacity alerts the delivery queue holds
 * @param externalUrl the collector's address as users reach it, without a trailing slash; empty:
 *     the advertised host and the port bound
 */
public record AlertingConfig(
    List<String> ruleFiles,
    Duration evaluationInterval,
    Duration resendDelay,
    List<URI> alertmanagers,
    List<URI> webhooks,
    int queueCapacity,
    String externalUrl) {
  /** Copies the lists. */
  public AlertingConfig {
    ruleFiles = List.copyOf(ruleFiles);
    alertmanagers = List.copyOf(alertmanagers);
    webhooks = List.copyOf(webhooks);
  }

  /** True when rule files are configured. */
  public boolean enabled() {
    return !ruleFiles.isEmpty();
  }
}
