package io.almanac.aggregators;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the aggregators are configured with.
 *
 * @param specs one per aggregator kind (each interval a multiple of what it reads: host levels of
 *     the level below, cluster levels of the slice length)
 * @param sliceMs length of a cluster slice (AMS: 30 s)
 * @param interpolate fill empty slices between slices with data
 * @param skipPatterns SQL-LIKE patterns of metric names left out of cluster aggregation
 * @param appLevelAppIds apps whose hosts' HOST metrics are also aggregated under the app's id
 * @param multipleClusters keep instance ids apart in cluster aggregates
 * @param lateSettleMs an interval marked dirty by late data is aggregated again once it has had no
 *     new mark for this long, so a backfill is folded in once rather than on every run
 */
public record AggregationSettings(
    Map<AggregatorKind, AggregatorSpec> specs,
    long sliceMs,
    boolean interpolate,
    List<String> skipPatterns,
    List<String> appLevelAppIds,
    boolean multipleClusters,
    long lateSettleMs) {
  /** Copies and checks: every kind present, every interval a multiple of the one it reads. */
  public AggregationSettings {
    specs = java.util.Collections.unmodifiableMap(new EnumMap<>(specs));
    skipPatterns = List.copyOf(skipPatterns);
    appLevelAppIds = List.copyOf(appLevelAppIds);
    for (AggregatorKind k : AggregatorKind.values()) {
      if (!specs.containsKey(k)) {
        throw new IllegalArgumentException("no settings for " + k);
      }
      AggregatorKind up = k.upstream();
      // The 30 s slices are the unit of everything cluster-side, whatever the second aggregator's
      // run length.
      long inputInterval =
          up == null || up == AggregatorKind.CLUSTER_SECOND ? sliceMs : specs.get(up).intervalMs();
      if (specs.get(k).intervalMs() % inputInterval != 0
          || specs.get(k).intervalMs() % sliceMs != 0) {
        throw new IllegalArgumentException(
            k.amsName()
                + " interval "
                + specs.get(k).intervalMs()
                + " ms must be a multiple of the "
                + inputInterval
                + " ms it reads");
      }
    }
  }

  /** The spec of {@code kind}. */
  public AggregatorSpec spec(AggregatorKind kind) {
    return specs.get(kind);
  }

  /** The skip patterns as regular expressions. */
  public List<Pattern> skipRegexes() {
    return skipPatterns.stream().map(AggregationSettings::likeToRegex).toList();
  }

  /** SQL LIKE ({@code %}, {@code _}, backslash escapes) as a regular expression. */
  static Pattern likeToRegex(String like) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '\\' && i + 1 < like.length()) {
        re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
