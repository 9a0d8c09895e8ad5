package io.almanac.alerting.rules;

/**
 * Prometheus's template functions for numbers ({@code humanize}, {@code humanize1024}, {@code
 * humanizePercentage}, {@code humanizeDuration}), formatting as Go's {@code %.4g} does.
 */
final class Humanize {
  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  private Humanize() {}

  /** 1234.5 to "1.234k", 0.0012 to "1.2m". */
  static String metric(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return g4(v);
    }
    int i = -1;
    if (Math.abs(v) >= 1) {
      while (Math.abs(v) >= 1000 && i < BIG.length - 1) {
        v /= 1000;
        i++;
      }
      return g4(v) + (i < 0 ? "" : BIG[i]);
    }
    while (Math.abs(v) < 1 && i < SMALL.length - 1) {
      v *= 1000;
      i++;
    }
    return g4(v) + SMALL[i];
  }

  /** 2048 to "2ki". */
  static String binary(double v) {
    if (Math.abs(v) <= 1 || !Double.isFinite(v)) {
      return g4(v);
    }
    int i = -1;
    while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
      v /= 1024;
      i++;
    }
    return g4(v) + (i < 0 ? "" : BINARY[i]);
  }

  /** 0.1234 to "12.34%". */
  static String percentage(double v) {
    return g4(v * 100) + "%";
  }

  /** Seconds as "1d 2h 3m 4s", or "12.5ms" below a second. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return g4(seconds);
    }
    if (seconds == 0) {
      return "0s";
    }
    String sign = seconds < 0 ? "-" : "";
    double v = Math.abs(seconds);
    if (v < 1) {
      String[] units = {"ms", "us", "ns", "ps"};
      int i = 0;
      v *= 1000;
      while (v < 1 && i < units.length - 1) {
        v *= 1000;
        i++;
      }
      return sign + g4(v) + units[i];
    }
    long whole = (long) v;
    long days = whole / 86_400;
    long hours = whole / 3600 % 24;
    long minutes = whole / 60 % 60;
    double secs = v - (whole - whole % 60);
    StringBuilder out = new StringBuilder(sign);
    if (days > 0) {
      out.append(days).append("d ");
    }
    if (days > 0 || hours > 0) {
      out.append(hours).append("h ");
    }
    if (days > 0 || hours > 0 || minutes > 0) {
      out.append(minutes).append("m ");
    }
    return out.append(g4(secs)).append('s').toString();
  }

  /** Go's {@code %.4g}. */
  static String g4(double v) {
    return GoFloats.g(v, 4);
  }
}
