package io.almanac.promql;

import io.almanac.model.Points;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Series held in memory, selected as storage would select them. */
final class MemorySource implements SeriesSource {
  private final List<Series> series = new ArrayList<>();
  private final List<Long> summaryIntervals = new ArrayList<>();
  private final Map<Long, List<SummarySeries>> storedSummaries = new HashMap<>();
  int selects;
  int summarySelects;

  /** Answers summaries at {@code intervalsMs}, computed from the raw points and stored ones. */
  MemorySource summarising(long... intervalsMs) {
    for (long p : intervalsMs) {
      summaryIntervals.add(p);
    }
    return this;
  }

  /** Adds a series that has only summaries of {@code intervalMs} (its raw points expired). */
  MemorySource addSummaries(Map<String, String> labels, long intervalMs, IntervalSummary... rows) {
    storedSummaries
        .computeIfAbsent(intervalMs, k -> new ArrayList<>())
        .add(new SummarySeries(Labels.of(labels), List.of(rows)));
    return this;
  }

  /** Adds a series with points at {@code seconds}. */
  MemorySource add(Map<String, String> labels, long[] seconds, double... values) {
    long[] ms = new long[seconds.length];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = seconds[i] * 1000;
    }
    series.add(new Series(Labels.of(labels), Points.of(ms, values)));
    return this;
  }

  @Override
  public List<Series> select(List<LabelMatcher> matchers, long startMs, long endMs) {
    selects++;
    List<Series> out = new ArrayList<>();
    for (Series s : series) {
      if (matchers.stream().allMatch(m -> m.matches(s.labels().get(m.name())))) {
        out.add(new Series(s.labels(), s.points().between(startMs, endMs + 1)));
      }
    }
    return out;
  }

  @Override
  public List<Long> summaryIntervals() {
    return summaryIntervals;
  }

  @Override
  public List<SummarySeries> selectSummaries(
      List<LabelMatcher> matchers, long intervalMs, long startMs, long endMs) {
    summarySelects++;
    List<SummarySeries> out = new ArrayList<>();
    for (Series s : series) {
      if (matchers.stream().allMatch(m -> m.matches(s.labels().get(m.name())))) {
        TreeMap<Long, IntervalSummary> rows = new TreeMap<>();
        Points p = s.points();
        for (int i = 0; i < p.size(); i++) {
          long start = Math.floorDiv(p.timestamp(i), intervalMs) * intervalMs;
          double v = p.value(i);
          if (start >= startMs && start < endMs) {
            rows.merge(
                start,
                new IntervalSummary(start, v, 1, v, v),
                (a, b) ->
                    new IntervalSummary(
                        start,
                        a.sum() + b.sum(),
                        a.count() + b.count(),
                        Math.min(a.min(), b.min()),
                        Math.max(a.max(), b.max())));
          }
        }
        out.add(new SummarySeries(s.labels(), new ArrayList<>(rows.values())));
      }
    }
    for (SummarySeries s : storedSummaries.getOrDefault(intervalMs, List.of())) {
      if (matchers.stream().allMatch(m -> m.matches(s.labels().get(m.name())))) {
        out.add(
            new SummarySeries(
                s.labels(),
                s.intervals().stream()
                    .filter(r -> r.start() >= startMs && r.start() < endMs)
                    .toList()));
      }
    }
    return out;
  }
}
