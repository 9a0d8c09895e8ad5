package io.almanac.alerting;

import java.util.Locale;

/** Where an alert stands, as Prometheus names it. */
public enum AlertState {
  /** Resolved: its sample is gone (kept a while so the resolution is delivered). */
  INACTIVE,
  /** Its sample is there, for less than the rule's {@code for}. */
  PENDING,
  /**
   * Its sample has been there for the rule's {@code for}, or is kept by {@code keep_firing_for}.
   */
  FIRING;

  /** The name in Prometheus's API: inactive, pending, firing. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
