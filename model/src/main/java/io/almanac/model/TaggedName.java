package io.almanac.model;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A stored metric name read in Graphite's tagged form, {@code base;key=value;key=value}: the base
 * is the Prometheus {@code __name__} and each tag a label. AMS has no labels beyond app, host and
 * instance, so this is how a sender (the host monitor's checks, recording rules) gives a series
 * more. A name that is not of that form (a segment without {@code =}, a key that is not a valid
 * Prometheus label name, an empty value) is a plain name, taken whole.
 *
 * @param base the name before the first {@code ;}, or the whole name
 * @param tags the tags, by key; empty for a plain name
 */
public record TaggedName(String base, SortedMap<String, String> tags) {
  /** What separates the base and the tags. */
  public static final char SEPARATOR = ';';

  /** Whether the name has tags. */
  public boolean isTagged() {
    return !tags.isEmpty();
  }

  /** Reads {@code stored}. */
  public static TaggedName parse(String stored) {
    int first = stored.indexOf(SEPARATOR);
    if (first <= 0) {
      return new TaggedName(stored, Collections.emptySortedMap());
    }
    TreeMap<String, String> tags = new TreeMap<>();
    int start = first + 1;
    while (start <= stored.length()) {
      int end = stored.indexOf(SEPARATOR, start);
      if (end < 0) {
        end = stored.length();
      }
      int eq = stored.indexOf('=', start);
      if (eq < 0 || eq >= end || eq + 1 == end) {
        return new TaggedName(stored, Collections.emptySortedMap());
      }
      String key = stored.substring(start, eq);
      if (!isLabelName(key)) {
        return new TaggedName(stored, Collections.emptySortedMap());
      }
      tags.put(key, stored.substring(eq + 1, end));
      start = end + 1;
    }
    return new TaggedName(stored.substring(0, first), Collections.unmodifiableSortedMap(tags));
  }

  /**
   * The stored form of {@code base} with {@code tags} (keys in order); values have {@code ;}
   * replaced by {@code _}, since it would end them.
   */
  public static String format(String base, SortedMap<String, String> tags) {
    StringBuilder out = new StringBuilder(base);
    tags.forEach(
        (k, v) -> out.append(SEPARATOR).append(k).append('=').append(v.replace(SEPARATOR, '_')));
    return out.toString();
  }

  /** Whether {@code s} may name a Prometheus label and is not reserved ({@code __...}). */
  public static boolean isLabelName(String s) {
    if (s.isEmpty() || s.startsWith("__")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c == '_'
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
