package io.almanac.collector.prometheus;

import io.almanac.model.MetricKey;
import io.almanac.model.store.MetadataReader;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.promql.LabelMatcher;
import io.almanac.promql.Labels;
import io.almanac.promql.PromQlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The series the metadata says exist (each metric with every host that reports its app), read from
 * the store once for one listing request, whatever the number of its {@code match[]} selectors.
 */
final class SeriesListing {
  private final List<MetricDescriptor> metrics;
  private final java.util.SortedSet<String> names;
  private final Map<String, Set<String>> hostsByInstance;
  private final Map<String, List<String>> hostsByApp = new TreeMap<>();

  SeriesListing(MetadataReader metadata) {
    this.metrics = metadata.metrics();
    this.names = MetadataReader.namesOf(metrics);
    this.hostsByInstance = metadata.hostsByInstance();
    metadata
        .appsByHost()
        .forEach(
            (host, apps) ->
                apps.forEach(
                    app -> hostsByApp.computeIfAbsent(app, a -> new ArrayList<>()).add(host)));
  }

  /** The label sets {@code matchers} select; more than {@code limit} is refused. */
  List<Labels> select(List<LabelMatcher> matchers, int limit) {
    List<Labels> out = new ArrayList<>();
    forEach(
        matchers,
        true,
        labels -> {
          out.add(labels);
          if (out.size() > limit) {
            throw new PromQlException("more than " + limit + " series match; narrow match[]");
          }
        });
    return out;
  }

  /**
   * Hands {@code each} the label sets of the series {@code matchers} select, with no bound on their
   * number (the caller keeps only distinct values). With {@code everyHost} false, a metric is
   * handed on once, with one of its hosts, when no matcher names the host: enough for labels other
   * than {@code hostname}, and a metric's work instead of a series'.
   */
  void forEach(List<LabelMatcher> matchers, boolean everyHost, Consumer<Labels> each) {
    Set<String> wanted = new HashSet<>(StoreSeriesSource.names(matchers, names));
    List<LabelMatcher> labelMatchers =
        matchers.stream().filter(m -> !m.name().equals(Labels.NAME)).toList();
    boolean oneHostEnough =
        !everyHost && labelMatchers.stream().noneMatch(m -> m.name().equals(SeriesLabels.HOSTNAME));
    for (MetricDescriptor descriptor : metrics) {
      MetricKey key = descriptor.key();
      if (!wanted.contains(key.metricName())) {
        continue;
      }
      for (String host : hostsByApp.getOrDefault(key.appId(), List.of())) {
        if (!key.instanceId().isEmpty()
            && !hostsByInstance.getOrDefault(key.instanceId(), Set.of()).contains(host)) {
          continue;
        }
        Labels labels = SeriesLabels.of(key, host);
        if (labelMatchers.stream().allMatch(m -> m.matches(labels.get(m.name())))) {
          each.accept(labels);
          if (oneHostEnough) {
            break; // the other hosts give the same labels but the host's
          }
        }
      }
    }
  }
}
