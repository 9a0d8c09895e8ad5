package io.almanac.promql;

import java.util.List;

/** Where the evaluator reads series from: storage, in the collector. */
public interface SeriesSource {
  /**
   * Every series whose labels all {@code matchers} match, with its points in {@code [startMs,
   * endMs]}; series without points there may be left out.
   *
   * @throws PromQlException when the selection is refused (too many series, say), naming why
   */
  List<Series> select(List<LabelMatcher> matchers, long startMs, long endMs);

  /**
   * The interval lengths (ms) at which {@link #selectSummaries} answers, e.g. the rollup levels'
   * spans; none by default.
   */
  default List<Long> summaryIntervals() {
    return List.of();
  }

  /**
   * Every series whose labels all {@code matchers} match, as summaries of the intervals of length
   * {@code intervalMs} (one of {@link #summaryIntervals()}) that start in {@code [startMs, endMs)}.
   *
   * @throws PromQlException when the selection is refused, naming why
   */
  default List<SummarySeries> selectSummaries(
      List<LabelMatcher> matchers, long intervalMs, long startMs, long endMs) {
    throw new UnsupportedOperationException("this source keeps no summaries");
  }
}
