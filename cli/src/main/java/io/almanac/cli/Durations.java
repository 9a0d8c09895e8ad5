package io.almanac.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Almanac's command lines and configuration: a whole number followed by
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, e.g. {@code 500ms}, {@code 30s}, {@code
 * 5m}. A plain number means seconds, as the older flags did.
 */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is accepted. */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SYNTAX.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration: use a whole number with ms, s, m, h"
              + " or d (e.g. 500ms, 30s, 5m); a plain number means seconds");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large for a duration", e);
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  /**
   * The shortest exact form of {@code d} in this syntax, e.g. {@code 90s}, {@code 5m}, {@code
   * 250ms}.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
