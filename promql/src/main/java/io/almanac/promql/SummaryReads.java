package io.almanac.promql;

import io.almanac.promql.Expr.Call;
import io.almanac.promql.Expr.MatrixSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code avg/sum/count/min/max_over_time} calls of a range query that the source's interval
 * summaries (rollups) answer instead of its raw points: those whose range, the query's step and its
 * evaluation times (less the offset) are all whole multiples of a summary interval. The window at
 * {@code t} is then the intervals starting in {@code [t - range, t)}. A point stamped exactly on an
 * interval boundary counts in the interval it starts, where Prometheus's window {@code (t - range,
 * t]} would count it in the one it ends; that is the only difference from the raw answer.
 */
final class SummaryReads {
  private static final Set<String> FUNCTIONS =
      Set.of("avg_over_time", "sum_over_time", "count_over_time", "min_over_time", "max_over_time");

  private final Map<MatrixSelector, Long> intervals = new HashMap<>();
  private final Map<MatrixSelector, Fetched> data = new HashMap<>();

  /** The series read for a selector, and each one's labels without its name, as samples carry. */
  private record Fetched(List<SummarySeries> series, List<Labels> sampleLabels) {
    static final Fetched NONE = new Fetched(List.of(), List.of());

    static Fetched of(List<SummarySeries> series) {
      return new Fetched(series, series.stream().map(s -> s.labels().withoutName()).toList());
    }
  }

  private SummaryReads() {}

  /** No call answered from summaries. */
  static SummaryReads none() {
    return new SummaryReads();
  }

  /**
   * The calls of {@code e} that summaries answer for a range query from {@code startMs} every
   * {@code stepMs}; an instant query is one with step 0.
   */
  static SummaryReads plan(Expr e, SeriesSource source, long startMs, long stepMs) {
    SummaryReads reads = new SummaryReads();
    List<Long> available = source.summaryIntervals();
    if (!available.isEmpty()) {
      reads.collect(e, available, startMs, stepMs);
    }
    return reads;
  }

  private void collect(Expr e, List<Long> available, long startMs, long stepMs) {
    if (e instanceof Call c
        && FUNCTIONS.contains(c.function())
        && c.args().size() == 1
        && c.args().get(0) instanceof MatrixSelector m) {
      long best = 0;
      for (long p : available) {
        if (p > best
            && stepMs % p == 0
            && m.rangeMs() % p == 0
            && Math.floorMod(startMs - m.selector().offsetMs(), p) == 0) {
          best = p;
        }
      }
      if (best > 0) {
        intervals.merge(m, best, Math::max);
        return;
      }
    }
    e.children().forEach(child -> collect(child, available, startMs, stepMs));
  }

  /** True when {@code c} is answered from summaries. */
  boolean answers(Call c) {
    return c.args().size() == 1
        && c.args().get(0) instanceof MatrixSelector m
        && intervals.containsKey(m)
        && FUNCTIONS.contains(c.function());
  }

  /** Reads the summaries every planned call needs for evaluation times in {@code [start, end]}. */
  void fetch(SeriesSource source, long startMs, long endMs) {
    intervals.forEach(
        (m, p) -> {
          long from = startMs - m.selector().offsetMs() - m.rangeMs();
          long to = endMs - m.selector().offsetMs();
          data.put(m, Fetched.of(source.selectSummaries(m.selector().matchers(), p, from, to)));
        });
  }

  /** The value of {@code c} (one of {@link #answers}) at {@code t}. */
  Value eval(Call c, long t) {
    MatrixSelector m = (MatrixSelector) c.args().get(0);
    long end = t - m.selector().offsetMs();
    long start = end - m.rangeMs();
    List<Sample> out = new ArrayList<>();
    Fetched fetched = data.getOrDefault(m, Fetched.NONE);
    for (int k = 0; k < fetched.series().size(); k++) {
      List<IntervalSummary> rows = fetched.series().get(k).intervals();
      if (rows.isEmpty()
          || rows.get(0).start() >= end
          || rows.get(rows.size() - 1).start() < start) {
        continue; // no interval in the window: most steps of a long range over a short series
      }
      double sum = 0;
      long count = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = firstAtOrAfter(rows, start); i < rows.size() && rows.get(i).start() < end; i++) {
        IntervalSummary r = rows.get(i);
        sum += r.sum();
        count += r.count();
        min = Math.min(min, r.min());
        max = Math.max(max, r.max());
      }
      if (count > 0) {
        double v =
            switch (c.function()) {
              case "avg_over_time" -> sum / count;
              case "sum_over_time" -> sum;
              case "count_over_time" -> count;
              case "min_over_time" -> min;
              default -> max;
            };
        out.add(new Sample(fetched.sampleLabels().get(k), v));
      }
    }
    return new Value.Vector(out);
  }

  /** The planned selectors, so the raw read can leave them out. */
  Set<MatrixSelector> selectors() {
    return intervals.keySet();
  }

  private static int firstAtOrAfter(List<IntervalSummary> rows, long t) {
    int lo = 0;
    int hi = rows.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rows.get(mid).start() < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
