package io.almanac.runtime;

/** SIGHUP, which servers take as "read your configuration files again". */
public final class HangupSignal {
  private HangupSignal() {}

  /**
   * Runs {@code onHangup} on every SIGHUP (on the JVM's signal thread: keep it short, or hand the
   * work over); returns false where signals cannot be handled.
   */
  public static boolean onHangup(Runnable onHangup) {
    return TerminationSignals.handle(new String[] {"HUP"}, onHangup);
  }
}
