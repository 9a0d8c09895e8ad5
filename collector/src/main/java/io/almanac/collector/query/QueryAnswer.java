package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimelineMetric;
import java.util.List;
import java.util.function.Consumer;

/**
 * The answer to a metrics query: the precision it was read at (the raw table or 30 s slices for
 * {@link Precision#SECONDS}, and for queries of the latest values) and its series. A large raw
 * answer is not held: its series are read from the store while they are written out.
 *
 * @param precision the resolution read
 * @param series the series, in order
 */
public record QueryAnswer(Precision precision, SeriesSource series) {
  /** Hands each series of an answer to a consumer, in order; may read the store while it does. */
  @FunctionalInterface
  public interface SeriesSource {
    /** Calls {@code each} with every series. */
    void forEach(Consumer<TimelineMetric> each);
  }

  /** An answer already in memory. */
  static QueryAnswer of(Precision precision, List<TimelineMetric> series) {
    return new QueryAnswer(precision, series::forEach);
  }
}
