package io.almanac.collector.storage.phoenix;

import io.almanac.schema.BlockLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * Which hours of metric time have METRIC_RECORD rows to seal, and when each is due: an hour is due
 * once it ended at least {@code settle} ago (by the clock) and no row starting in it has been
 * written for {@code settle}. The writer reports the points of every series it writes ({@link
 * #written}); rows written before a restart are found by {@link #recheck}, which marks the hours of
 * a past range as candidates. Thread-safe: writers report while the sealer takes due hours.
 */
final class SealSchedule {
  private final long settleMs;
  private final LongSupplier clock;

  /** Hour start to when a row starting in it was last written (clock time). */
  private final Map<Long, Long> lastWritten = new ConcurrentSkipListMap<>();

  SealSchedule(long settleMs, LongSupplier clock) {
    if (settleMs < 0) {
      throw new IllegalArgumentException("settle must not be negative: " + settleMs);
    }
    this.settleMs = settleMs;
    this.clock = clock;
  }

  /** Rows holding points from {@code firstPoint} to {@code lastPoint} were written now. */
  void written(long firstPoint, long lastPoint) {
    long now = clock.getAsLong();
    for (long hour = BlockLayout.sealedSpanOf(firstPoint);
        hour <= lastPoint;
        hour += BlockLayout.SEALED_SPAN_MS) {
      lastWritten.put(hour, now);
    }
  }

  /**
   * Marks every hour that starts in {@code [from, to)} as a candidate, as if written now (so it is
   * looked at once it has been quiet for {@code settle}: not while a backfill that follows a start
   * is still writing into it), unless a write is known for it already.
   */
  void recheck(long from, long to) {
    long mark = clock.getAsLong();
    for (long hour = BlockLayout.sealedSpanOf(Math.max(0, from));
        hour < to;
        hour += BlockLayout.SEALED_SPAN_MS) {
      lastWritten.putIfAbsent(hour, mark);
    }
  }

  /** The hours due now, oldest first, each with the write time it was due for. */
  List<Due> due() {
    long now = clock.getAsLong();
    List<Due> out = new ArrayList<>();
    for (Map.Entry<Long, Long> e : lastWritten.entrySet()) {
      long hour = e.getKey();
      if (hour + BlockLayout.SEALED_SPAN_MS + settleMs > now) {
        break; // this hour and every later one end too recently
      }
      if (e.getValue() + settleMs <= now) {
        out.add(new Due(hour, e.getValue()));
      }
    }
    return out;
  }

  /**
   * {@code due}'s hour was sealed: it is forgotten unless a row was written into it since (then it
   * is due again later).
   */
  void sealed(Due due) {
    lastWritten.remove(due.hour(), due.lastWritten());
  }

  /** How often to look for due hours: a quarter of the settle time, from 1 s to 60 s. */
  java.time.Duration checkEvery() {
    return java.time.Duration.ofMillis(Math.max(1_000, Math.min(60_000, settleMs / 4)));
  }

  /** Hours with rows that may still need sealing. */
  int pending() {
    return lastWritten.size();
  }

  /** An hour to seal, and the last write into it known when it became due. */
  record Due(long hour, long lastWritten) {}
}
