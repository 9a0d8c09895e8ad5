package io.almanac.collector.storage.phoenix;

/**
 * Matches a name against a selector value the way the metadata statements of {@link SeriesResolver}
 * do: equal, or, when the value holds {@code %}, SQL LIKE where {@code %} matches any run of
 * characters and every other character (including {@code _}) only itself. Case matters.
 */
final class NameMatch {
  private NameMatch() {}

  static boolean matches(String pattern, String name) {
    if (name == null) {
      return false;
    }
    int wildcard = pattern.indexOf('%');
    if (wildcard < 0) {
      return pattern.equals(name);
    }
    if (!name.startsWith(pattern.substring(0, wildcard))) {
      return false;
    }
    int at = wildcard; // in name: the first prefix characters are matched
    int from = wildcard + 1; // in pattern
    while (true) {
      int next = pattern.indexOf('%', from);
      if (next < 0) {
        String tail = pattern.substring(from);
        return name.length() - at >= tail.length() && name.endsWith(tail);
      }
      String part = pattern.substring(from, next);
      int found = name.indexOf(part, at);
      if (found < 0) {
        return false;
      }
      at = found + part.length();
      from = next + 1;
    }
  }
}
