package io.almanac.alerting;

import java.util.List;

/**
 * How the rules are loaded, evaluated and sent.
 *
 * @param ruleFiles paths or globs of rule files
 * @param defaultIntervalMs the evaluation interval of groups that give none
 * @param resendDelayMs how often a firing alert is sent again
 * @param externalUrl the collector's address as users reach it, for the alerts' generator URL
 */
public record AlertingSettings(
    List<String> ruleFiles, long defaultIntervalMs, long resendDelayMs, String externalUrl) {
  /** Copies the list and checks the intervals. */
  public AlertingSettings {
    ruleFiles = List.copyOf(ruleFiles);
    if (defaultIntervalMs <= 0 || resendDelayMs <= 0) {
      throw new IllegalArgumentException("the intervals must be positive");
    }
  }
}
