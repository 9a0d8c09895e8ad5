package io.almanac.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one size syntax: a whole number followed by {@code B}, {@code KB}, {@code MB} or {@code GB}
 * (powers of 1024, as Java and Jetty count; {@code KiB}, {@code MiB}, {@code GiB} mean the same),
 * e.g. {@code 64KB}. A plain number means bytes.
 */
public final class ByteSizes {
  private static final Pattern SYNTAX =
      Pattern.compile("(\\d+)\\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?");

  private ByteSizes() {}

  /**
   * Parses {@code text} into bytes; throws {@link IllegalArgumentException} saying what is
   * accepted.
   */
  public static long parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SYNTAX.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a size: use a whole number with B, KB, MB or GB (e.g. 64KB); a plain number means bytes");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
    if (amount > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("'" + text + "' is too large for a size");
    }
    return amount << shift;
  }
}
