package io.almanac.hostmonitor.checks;

import java.time.Duration;

/** One check the host monitor runs on its host at its own interval. */
public sealed interface HostCheck permits PortCheck, WebCheck, ScriptCheck {
  /** The {@code check} label: unique in the checks file. */
  String name();

  /** The {@code target} label: host:port, URL, or the script's path. */
  String target();

  /** How often the check runs. */
  Duration interval();

  /** How long one run may take before it counts as failed. */
  Duration timeout();

  /** Runs the check once, on the calling thread, within {@link #timeout()}; never throws. */
  CheckResult run();

  /** Seconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
