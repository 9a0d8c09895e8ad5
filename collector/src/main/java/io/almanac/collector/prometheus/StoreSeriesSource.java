package io.almanac.collector.prometheus;

import io.almanac.model.SeriesKey;
import io.almanac.model.TaggedName;
import io.almanac.model.TimeRange;
import io.almanac.model.store.MetadataReader;
import io.almanac.model.store.MetricReader;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.promql.IntervalSummary;
import io.almanac.promql.LabelMatcher;
import io.almanac.promql.Labels;
import io.almanac.promql.PromQlException;
import io.almanac.promql.Series;
import io.almanac.promql.SeriesSource;
import io.almanac.promql.SummarySeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the raw points, or the host rollups, of the series a selector names. The metric name, and
 * {@code appid}, {@code hostname} and {@code instanceid} when matched exactly, go down to storage
 * as the AMS path sends them; the other matchers are applied to what comes back.
 */
public final class StoreSeriesSource implements SeriesSource {
  /** Metric names one selector may span when it does not name one exactly. */
  static final int MAX_NAMES = 1_000;

  private final MetricReader reader;
  private final MetadataReader metadata;
  private final HostRollupReader rollups;
  private final long maxPoints;
  private long pointsRead;
  private java.util.SortedSet<String> knownNames;
  private boolean namesCurrent;

  /**
   * A source reading raw points from {@code reader} and host rollups from {@code rollups}, at most
   * {@code maxPoints} points and rows for one query.
   */
  public StoreSeriesSource(
      MetricReader reader, MetadataReader metadata, HostRollupReader rollups, long maxPoints) {
    this.reader = reader;
    this.metadata = metadata;
    this.rollups = rollups;
    this.maxPoints = maxPoints;
  }

  @Override
  public List<Series> select(List<LabelMatcher> matchers, long startMs, long endMs) {
    SeriesSelector selector = selector(matchers);
    if (selector == null) {
      return List.of();
    }
    List<LabelMatcher> labelMatchers = labelMatchers(matchers);
    List<Series> out = new ArrayList<>();
    reader.streamRaw(
        selector,
        new TimeRange(startMs, endMs + 1),
        (SeriesPoints s) -> {
          Labels labels = SeriesLabels.of(s.key());
          if (matchesAll(labelMatchers, labels)) {
            count(s.points().size());
            out.add(new Series(labels, s.points()));
          }
        });
    return out;
  }

  @Override
  public List<Long> summaryIntervals() {
    return rollups.intervals();
  }

  @Override
  public List<SummarySeries> selectSummaries(
      List<LabelMatcher> matchers, long intervalMs, long startMs, long endMs) {
    SeriesSelector selector = selector(matchers);
    if (selector == null) {
      return List.of();
    }
    List<LabelMatcher> labelMatchers = labelMatchers(matchers);
    List<SummarySeries> out = new ArrayList<>();
    for (RollupSeries s : rollups.read(intervalMs, selector, new TimeRange(startMs, endMs))) {
      Labels labels = SeriesLabels.of(new SeriesKey(s.metric(), s.hostName()));
      if (matchesAll(labelMatchers, labels)) {
        count(s.rows().size());
        List<IntervalSummary> rows = new ArrayList<>(s.rows().size());
        for (Rollup r : s.rows()) {
          long start = Math.floorDiv(r.time(), intervalMs) * intervalMs;
          if (start >= startMs && start < endMs && r.count() > 0) {
            rows.add(new IntervalSummary(start, r.sum(), r.count(), r.min(), r.max()));
          }
        }
        out.add(new SummarySeries(labels, rows));
      }
    }
    return out;
  }

  /** What goes down to storage for {@code matchers}; null when no stored name matches. */
  private SeriesSelector selector(List<LabelMatcher> matchers) {
    if (knownNames == null) {
      knownNames = metadata.metricNames(); // once per query, whatever its selectors
    }
    List<String> names = names(matchers, knownNames);
    if (names.isEmpty() && !namesCurrent) {
      // The names may come from a cache: one that names nothing is checked against the table,
      // which holds a metric another collector has just written.
      knownNames = MetadataReader.namesOf(metadata.metrics());
      namesCurrent = true;
      names = names(matchers, knownNames);
    }
    if (names.isEmpty()) {
      return null;
    }
    List<String> hosts = exact(matchers, SeriesLabels.HOSTNAME).map(List::of).orElse(List.of());
    String app = exact(matchers, SeriesLabels.APPID).orElse(null);
    String instance = exact(matchers, SeriesLabels.INSTANCEID).orElse(null);
    return new SeriesSelector(names, hosts, app, instance);
  }

  /** The matchers applied to what storage answers; names() has settled the name matchers. */
  private static List<LabelMatcher> labelMatchers(List<LabelMatcher> matchers) {
    return matchers.stream().filter(m -> !m.name().equals(Labels.NAME)).toList();
  }

  private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
    return matchers.stream().allMatch(m -> m.matches(labels.get(m.name())));
  }

  /** Counts {@code n} more points or rows read against the query's budget. */
  private void count(int n) {
    pointsRead += n;
    if (pointsRead > maxPoints) {
      throw new PromQlException(
          "the query reads more than "
              + maxPoints
              + " points (almanac.query.max.points); narrow the selectors or the range");
    }
  }

  /**
   * The stored names the selector's {@code __name__} matchers allow; they match a tagged name's
   * base ({@code almanac.check.up} selects {@code almanac.check.up;check=nn;target=nn1:8020} and
   * its siblings). An exact name that no stored name has is read as Prometheus's escaped form of a
   * dotted one ({@code dfs_FSNamesystem_X} for {@code dfs.FSNamesystem.X}) when exactly one stored
   * base escapes to it.
   */
  static List<String> names(List<LabelMatcher> matchers, java.util.SortedSet<String> known) {
    List<LabelMatcher> nameMatchers =
        matchers.stream().filter(m -> m.name().equals(Labels.NAME)).toList();
    var exact = nameMatchers.stream().filter(m -> m.type() == LabelMatcher.Type.EQUAL).findFirst();
    if (exact.isPresent()) {
      String wanted = exact.get().value();
      List<String> named = known.stream().filter(n -> base(n).equals(wanted)).toList();
      if (!named.isEmpty()) {
        return named;
      }
      List<String> escaped = known.stream().filter(n -> escape(base(n)).equals(wanted)).toList();
      List<String> bases = escaped.stream().map(StoreSeriesSource::base).distinct().toList();
      if (bases.size() > 1) {
        throw new PromQlException(
            "\""
                + wanted
                + "\" stands for several stored metric names "
                + bases
                + "; select one with {__name__=\"...\"}");
      }
      return escaped;
    }
    List<String> names =
        known.stream()
            .filter(n -> nameMatchers.stream().allMatch(m -> m.matches(base(n))))
            .toList();
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

  /** The {@code __name__} of stored name {@code n}. */
  static String base(String n) {
    return TaggedName.parse(n).base();
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
