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
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v); // whole numbers, the common case, without BigDecimal
    }
    String text = Double.toString(v);
    if (text.indexOf('E') < 0) {
      return text; // plain already, and Double.toString leaves no trailing zero but after a point
    }
    return new BigDecimal(text).stripTrailingZeros().toPlainString();
  }
}
