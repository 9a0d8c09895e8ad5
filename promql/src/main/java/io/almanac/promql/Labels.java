package io.almanac.promql;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The labels of a series, sorted by name; {@code __name__} is the metric name. */
public record Labels(SortedMap<String, String> map) {
  /** The metric name label. */
  public static final String NAME = "__name__";

  /** No labels. */
  public static final Labels EMPTY = new Labels(new TreeMap<>());

  /** Copies the map, leaving out empty values (an empty label is no label). */
  public Labels {
    TreeMap<String, String> copy = new TreeMap<>();
    map.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            copy.put(k, v);
          }
        });
    map = Collections.unmodifiableSortedMap(copy);
  }

  /** Labels from a map. */
  public static Labels of(Map<String, String> labels) {
    return new Labels(new TreeMap<>(labels));
  }

  /** The value of {@code name}, or empty. */
  public String get(String name) {
    return map.getOrDefault(name, "");
  }

  /** These labels with {@code name} set to {@code value} (removed when empty). */
  public Labels with(String name, String value) {
    TreeMap<String, String> copy = new TreeMap<>(map);
    copy.put(name, value);
    return new Labels(copy);
  }

  /** These labels without the metric name. */
  public Labels withoutName() {
    return without(java.util.List.of(NAME));
  }

  /** These labels without {@code names}. */
  public Labels without(Collection<String> names) {
    TreeMap<String, String> copy = new TreeMap<>(map);
    names.forEach(copy::remove);
    return new Labels(copy);
  }

  /** Only the labels among {@code names}. */
  public Labels only(Collection<String> names) {
    TreeMap<String, String> copy = new TreeMap<>();
    for (String n : names) {
      if (map.containsKey(n)) {
        copy.put(n, map.get(n));
      }
    }
    return new Labels(copy);
  }

  @Override
  public String toString() {
    return map.toString();
  }
}
