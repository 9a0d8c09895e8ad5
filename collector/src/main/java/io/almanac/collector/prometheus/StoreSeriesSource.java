package io.almanac.collector.prometheus;

import io.almanac.model.TimeRange;
import io.almanac.model.store.MetadataReader;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.MetricReader;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.promql.LabelMatcher;
import io.almanac.promql.Labels;
import io.almanac.promql.PromQlException;
import io.almanac.promql.Series;
import io.almanac.promql.SeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads the raw points of the series a selector names. The metric name, and {@code appid}, {@code
 * hostname} and {@code instanceid} when matched exactly, go down to storage as the AMS path sends
 * them; the other matchers are applied to what comes back.
 */
public final class StoreSeriesSource implements SeriesSource {
  /** Metric names one selector may span when it does not name one exactly. */
  static final int MAX_NAMES = 1_000;

  private final MetricReader reader;
  private final MetadataReader metadata;
  private final long maxPoints;
  private long pointsRead;
  private TreeSet<String> knownNames;

  /** A source reading at most {@code maxPoints} points for one query. */
  public StoreSeriesSource(MetricReader reader, MetadataReader metadata, long maxPoints) {
    this.reader = reader;
    this.metadata = metadata;
    this.maxPoints = maxPoints;
  }

  @Override
  public List<Series> select(List<LabelMatcher> matchers, long startMs, long endMs) {
    if (knownNames == null) {
      knownNames = knownNames(metadata.metrics()); // once per query, whatever its selectors
    }
    List<String> names = names(matchers, knownNames);
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> hosts = exact(matchers, SeriesLabels.HOSTNAME).map(List::of).orElse(List.of());
    String app = exact(matchers, SeriesLabels.APPID).orElse(null);
    String instance = exact(matchers, SeriesLabels.INSTANCEID).orElse(null);
    SeriesSelector selector = new SeriesSelector(names, hosts, app, instance);
    // The name matchers are settled by names() (which also maps an escaped name to the stored one).
    List<LabelMatcher> labelMatchers =
        matchers.stream().filter(m -> !m.name().equals(Labels.NAME)).toList();
    List<Series> out = new ArrayList<>();
    reader.streamRaw(
        selector,
        new TimeRange(startMs, endMs + 1),
        (SeriesPoints s) -> {
          Labels labels = SeriesLabels.of(s.key());
          if (labelMatchers.stream().allMatch(m -> m.matches(labels.get(m.name())))) {
            pointsRead += s.points().size();
            if (pointsRead > maxPoints) {
              throw new PromQlException(
                  "the query reads more than "
                      + maxPoints
                      + " points (almanac.query.max.points); narrow the selectors or the range");
            }
            out.add(new Series(labels, s.points()));
          }
        });
    return out;
  }

  /** Every metric name among {@code descriptors}. */
  static TreeSet<String> knownNames(List<MetricDescriptor> descriptors) {
    TreeSet<String> names = new TreeSet<>();
    descriptors.forEach(d -> names.add(d.key().metricName()));
    return names;
  }

  /**
   * The stored names the selector's {@code __name__} matchers allow. An exact name that is not
   * stored is read as Prometheus's escaped form of a dotted name ({@code dfs_FSNamesystem_X} for
   * {@code dfs.FSNamesystem.X}) when exactly one stored name escapes to it.
   */
  static List<String> names(List<LabelMatcher> matchers, TreeSet<String> known) {
    List<LabelMatcher> nameMatchers =
        matchers.stream().filter(m -> m.name().equals(Labels.NAME)).toList();
    var exact = nameMatchers.stream().filter(m -> m.type() == LabelMatcher.Type.EQUAL).findFirst();
    if (exact.isPresent()) {
      String wanted = exact.get().value();
      if (known.contains(wanted)) {
        return List.of(wanted);
      }
      List<String> escaped = known.stream().filter(n -> escape(n).equals(wanted)).toList();
      if (escaped.size() > 1) {
        throw new PromQlException(
            "\""
                + wanted
                + "\" stands for several stored metric names "
                + escaped
                + "; select one with {__name__=\"...\"}");
      }
      return escaped;
    }
    List<String> names =
        known.stream().filter(n -> nameMatchers.stream().allMatch(m -> m.matches(n))).toList();
    if (names.size() > MAX_NAMES) {
      throw new PromQlException(
          "the selector matches "
              + names.size()
              + " metric names (at most "
              + MAX_NAMES
              + "); name the metric or narrow __name__");
    }
    return names;
  }

  /** Prometheus's form of a name: every character a metric name may not hold becomes {@code _}. */
  static String escape(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          c == '_'
              || c == ':'
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (i > 0 && c >= '0' && c <= '9');
      out.append(ok ? c : '_');
    }
    return out.toString();
  }

  private static java.util.Optional<String> exact(List<LabelMatcher> matchers, String label) {
    return matchers.stream()
        .filter(m -> m.name().equals(label) && m.type() == LabelMatcher.Type.EQUAL)
        .map(LabelMatcher::value)
        .filter(v -> !v.isEmpty())
        .findFirst();
  }
}
