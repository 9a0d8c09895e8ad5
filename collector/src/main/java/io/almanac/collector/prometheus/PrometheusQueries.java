package io.almanac.collector.prometheus;

import io.almanac.model.TaggedName;
import io.almanac.model.store.MetadataReader;
import io.almanac.model.store.MetricReader;
import io.almanac.promql.Evaluator;
import io.almanac.promql.Expr;
import io.almanac.promql.LabelMatcher;
import io.almanac.promql.Labels;
import io.almanac.promql.Parser;
import io.almanac.promql.PromQlException;
import io.almanac.promql.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the Prometheus HTTP API asks of the store: PromQL queries and the series and label listings.
 */
public final class PrometheusQueries {
  /** Series a listing answers at most. */
  static final int MAX_LISTED = 100_000;

  private final MetricReader reader;
  private final MetadataReader metadata;
  private final HostRollupReader rollups;
  private final long maxPoints;

  /**
   * Queries over raw points from {@code reader}, host rollups from {@code rollups} and {@code
   * metadata}, each reading at most {@code maxPoints} points and rows.
   */
  public PrometheusQueries(
      MetricReader reader, MetadataReader metadata, HostRollupReader rollups, long maxPoints) {
    this.reader = reader;
    this.metadata = metadata;
    this.rollups = rollups;
    this.maxPoints = maxPoints;
  }

  /** {@code query} at {@code timeMs}. */
  public QueryResult instant(String query, long timeMs) {
    return new Evaluator(source()).instant(query, timeMs);
  }

  /** {@code query} from {@code startMs} to {@code endMs} every {@code stepMs}. */
  public QueryResult.MatrixResult range(String query, long startMs, long endMs, long stepMs) {
    return new Evaluator(source()).range(query, startMs, endMs, stepMs);
  }

  /** The series that the selectors {@code match} name (all known series of those metrics). */
  public List<Labels> series(List<String> match) {
    if (match.isEmpty()) {
      throw new PromQlException("no match[] parameter provided");
    }
    return series(new SeriesListing(metadata), match);
  }

  private static List<Labels> series(SeriesListing listing, List<String> match) {
    List<Labels> out = new ArrayList<>();
    for (List<LabelMatcher> matchers : selectors(match)) {
      out.addAll(listing.select(matchers, MAX_LISTED));
    }
    return out.stream().distinct().toList();
  }

  /** The label names of the series {@code match} names, or of every series. */
  public List<String> labelNames(List<String> match) {
    TreeSet<String> names = new TreeSet<>();
    if (match.isEmpty()) {
      names.add(Labels.NAME);
      names.add(SeriesLabels.APPID);
      names.add(SeriesLabels.HOSTNAME);
      if (!metadata.hostsByInstance().isEmpty()) {
        names.add(SeriesLabels.INSTANCEID);
      }
      MetadataReader.namesOf(metadata.metrics())
          .forEach(n -> names.addAll(SeriesLabels.tags(TaggedName.parse(n)).keySet()));
      return List.copyOf(names);
    }
    // Every series has a hostname: the other labels come from the metric, one host is enough.
    SeriesListing listing = new SeriesListing(metadata);
    for (List<LabelMatcher> matchers : selectors(match)) {
      listing.forEach(matchers, false, l -> names.addAll(l.map().keySet()));
    }
    return List.copyOf(names);
  }

  /** The values of label {@code name} among the series {@code match} names, or every series. */
  public List<String> labelValues(String name, List<String> match) {
    TreeSet<String> values = new TreeSet<>();
    if (match.isEmpty()) {
      // one metadata read, of the table that holds the answer
      switch (name) {
        case Labels.NAME ->
            MetadataReader.namesOf(metadata.metrics())
                .forEach(n -> values.add(StoreSeriesSource.base(n)));
        case SeriesLabels.HOSTNAME -> values.addAll(metadata.appsByHost().keySet());
        case SeriesLabels.APPID -> metadata.appsByHost().values().forEach(values::addAll);
        case SeriesLabels.INSTANCEID -> values.addAll(metadata.hostsByInstance().keySet());
        default ->
            MetadataReader.namesOf(metadata.metrics())
                .forEach(
                    n -> values.add(SeriesLabels.tags(TaggedName.parse(n)).getOrDefault(name, "")));
      }
      values.remove("");
      return List.copyOf(values);
    }
    SeriesListing listing = new SeriesListing(metadata);
    boolean everyHost = name.equals(SeriesLabels.HOSTNAME);
    for (List<LabelMatcher> matchers : selectors(match)) {
      listing.forEach(matchers, everyHost, l -> values.add(l.get(name)));
    }
    values.remove("");
    return List.copyOf(values);
  }

  private static List<List<LabelMatcher>> selectors(List<String> match) {
    List<List<LabelMatcher>> out = new ArrayList<>();
    for (String m : match) {
      Expr e = Parser.parse(m);
      if (!(e instanceof Expr.VectorSelector v)) {
        throw new PromQlException("match[] must be a series selector, not \"" + m + "\"");
      }
      out.add(v.matchers());
    }
    return out;
  }

  private StoreSeriesSource source() {
    return new StoreSeriesSource(reader, metadata, rollups, maxPoints);
  }
}
