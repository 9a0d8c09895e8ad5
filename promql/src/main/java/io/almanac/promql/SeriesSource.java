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
}
