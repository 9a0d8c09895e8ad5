package io.almanac.promql;

import java.math.BigDecimal;

/** One element of an instant vector: a series' labels and its value at the evaluation time. */
public record Sample(Labels labels, double value) {
  /**
   * A value as Prometheus writes it, in answers and in {@code count_values} labels: the shortest
   * exact plain decimal, {@code NaN}, {@code +Inf} or {@code -Inf}.
   */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
