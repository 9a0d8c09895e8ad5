package io.almanac.sinks.emitter;

import java.util.concurrent.atomic.AtomicLong;

/** What an emitter did, in points: sent, spooled, dropped; and failed POST attempts. */
public final class EmitterCounters {
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong spooled = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  void sent(int points) {
    sent.addAndGet(points);
  }

  void failedAttempt() {
    failedAttempts.incrementAndGet();
  }

  void spooled(int points) {
    spooled.addAndGet(points);
  }

  void dropped(int points) {
    dropped.addAndGet(points);
  }

  /** Points a collector acknowledged. */
  public long sent() {
    return sent.get();
  }

  /** POST attempts that failed (each retry counts). */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  /** Points written to the spool. */
  public long spooled() {
    return spooled.get();
  }

  /** Points given up: spool full, refused by the collector as invalid, or not storable. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public String toString() {
    return "sent="
        + sent()
        + " failedAttempts="
        + failedAttempts()
        + " spooled="
        + spooled()
        + " dropped="
        + dropped();
  }
}
