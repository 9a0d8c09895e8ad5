package io.almanac.collector.query;

import java.util.Locale;

/**
 * A name from {@code metricNames} split into the stored name (or pattern) and its function
 * suffixes. {@code cpu_user._avg._rate} and {@code cpu_user._rate._avg} are the same query; the
 * answer names it {@code cpu_user._rate._avg}, as AMS does. A suffix Almanac does not know is part
 * of the name.
 *
 * @param base the stored metric name or {@code %} pattern
 * @param read the read function, or null
 * @param post the post-processing function, or null
 */
public record MetricName(String base, ReadFunction read, PostFunction post) {
  private static final String SEPARATOR = "._";

  /** Parses one entry of {@code metricNames}. */
  public static MetricName parse(String name) {
    String base = name;
    ReadFunction read = null;
    PostFunction post = null;
    for (int i = 0; i < 2; i++) {
      int at = base.lastIndexOf(SEPARATOR);
      if (at <= 0) {
        break;
      }
      String suffix = base.substring(at + SEPARATOR.length()).toUpperCase(Locale.ROOT);
      ReadFunction r = readFunction(suffix);
      PostFunction p = postFunction(suffix);
      if (r != null && read == null) {
        read = r;
      } else if (p != null && post == null) {
        post = p;
      } else {
        break;
      }
      base = base.substring(0, at);
    }
    return new MetricName(base, read, post);
  }

  private static ReadFunction readFunction(String s) {
    for (ReadFunction f : ReadFunction.values()) {
      if (f.name().equals(s)) {
        return f;
      }
    }
    return null;
  }

  private static PostFunction postFunction(String s) {
    for (PostFunction f : PostFunction.values()) {
      if (f.name().equals(s)) {
        return f;
      }
    }
    return null;
  }

  /** The name an answer gives to the stored metric {@code stored} read through these functions. */
  public String answerName(String stored) {
    StringBuilder sb = new StringBuilder(stored);
    if (post != null) {
      sb.append(SEPARATOR).append(post.suffix());
    }
    if (read != null) {
      sb.append(SEPARATOR).append(read.suffix());
    }
    return sb.toString();
  }
}
