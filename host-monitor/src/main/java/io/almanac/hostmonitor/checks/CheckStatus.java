package io.almanac.hostmonitor.checks;

/** A check's outcome, numbered as Nagios and Ambari number a script's exit code. */
public enum CheckStatus {
  OK,
  WARNING,
  CRITICAL,
  UNKNOWN;

  /** The status a script's exit code means: 0, 1, 2 as named, anything else UNKNOWN. */
  public static CheckStatus ofExitCode(int code) {
    return switch (code) {
      case 0 -> OK;
      case 1 -> WARNING;
      case 2 -> CRITICAL;
      default -> UNKNOWN;
    };
  }

  /** 0 for OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN: the value of {@code almanac.check.status}. */
  public int code() {
    return ordinal();
  }
}
