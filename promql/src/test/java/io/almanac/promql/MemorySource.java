package io.almanac.promql;

import io.almanac.model.Points;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Series held in memory, selected as storage would select them. */
final class MemorySource implements SeriesSource {
  private final List<Series> series = new ArrayList<>();
  int selects;

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
}
