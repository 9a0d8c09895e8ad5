package io.almanac.alerting.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** A float64 as Go's fmt writes it, for templates and for the alerts API. */
public final class GoFloats {
  private GoFloats() {}

  /** {@code %v}: shortest digits, exponent form below 1e-4 and from 1e6. */
  public static String v(double v) {
    String special = special(v, "0");
    if (special != null) {
      return special;
    }
    return decimalOrExponent(new BigDecimal(Double.toString(v)).stripTrailingZeros(), 6);
  }

  /** {@code %.Ng}: N significant digits, no trailing zeros, exponent form when far off. */
  public static String g(double v, int precision) {
    String special = special(v, "0");
    if (special != null) {
      return special;
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    return decimalOrExponent(d.stripTrailingZeros(), precision);
  }

  /** {@code %e} with the shortest digits, as Prometheus writes an alert's value. */
  public static String e(double v) {
    String special = special(v, "0e+00");
    if (special != null) {
      return special;
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    return exponent(d, exponentOf(d));
  }

  private static String special(double v, String zero) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == 0 ? zero : null;
  }

  private static String decimalOrExponent(BigDecimal d, int exponentFrom) {
    int exponent = exponentOf(d);
    return exponent < -4 || exponent >= exponentFrom ? exponent(d, exponent) : d.toPlainString();
  }

  private static int exponentOf(BigDecimal d) {
    return d.precision() - d.scale() - 1;
  }

  private static String exponent(BigDecimal d, int exponent) {
    return d.movePointLeft(exponent).stripTrailingZeros().toPlainString()
        + "e"
        + (exponent < 0 ? "-" : "+")
        + String.format("%02d", Math.abs(exponent));
  }
}
