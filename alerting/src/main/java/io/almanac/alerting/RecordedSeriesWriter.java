package io.almanac.alerting;

import io.almanac.promql.Sample;
import java.util.List;

/** Where recording rules' results go: written back to the store as series. */
public interface RecordedSeriesWriter {
  /**
   * Stores each sample as a point at {@code timeMs} of the series its labels name ({@code __name__}
   * is set).
   *
   * @throws RuntimeException when the write is refused; the rule's health says why
   */
  void write(List<Sample> samples, long timeMs);
}
