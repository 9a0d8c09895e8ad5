package io.almanac.collector.testing;

import java.time.Duration;

/** Waiting in tests for a condition on processes that change at their own pace. */
public final class Await {
  private Await() {}

  /** A condition that may throw while it cannot be judged yet (a process still starting). */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Asks {@code check} every 250 ms until it holds, for at most {@code timeout}; returns how long
   * it took. A check that throws counts as not holding; the last failure is kept as the cause.
   */
  public static Duration until(String what, Duration timeout, Check check)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.holds()) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
      } catch (Exception | AssertionError e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
  }
}
