package io.almanac.model.store;

import io.almanac.model.MetricKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads what the store knows of metrics and hosts. */
public interface MetadataReader {
  /**
   * Every known metric. Like the other listings here, a store may answer from a cache that is
   * current for what its own writer stored and learns of another writer's additions a little late.
   */
  List<MetricDescriptor> metrics();

  /**
   * The names of every known metric, sorted. A store may answer from a cache that learns of another
   * writer's new names a little late.
   */
  default java.util.SortedSet<String> metricNames() {
    return namesOf(metrics());
  }

  /** The metric names of {@code descriptors}, sorted. */
  static java.util.SortedSet<String> namesOf(List<MetricDescriptor> descriptors) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    descriptors.forEach(d -> names.add(d.key().metricName()));
    return names;
  }

  /** Every known host with the applications that report from it. */
  Map<String, Set<String>> appsByHost();

  /** Every known instance id with the hosts that report under it. */
  Map<String, Set<String>> hostsByInstance();

  /** The ids of a metric (and of a host, when {@code hostName} is not null), if both are known. */
  Optional<SeriesIds> seriesIds(MetricKey metric, String hostName);
}
