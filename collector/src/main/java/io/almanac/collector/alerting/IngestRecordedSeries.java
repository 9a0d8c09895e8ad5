package io.almanac.collector.alerting;

import io.almanac.alerting.RecordedSeriesWriter;
import io.almanac.collector.ingest.IngestResult;
import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.prometheus.SeriesLabels;
import io.almanac.model.Points;
import io.almanac.model.TaggedName;
import io.almanac.model.TimelineMetric;
import io.almanac.model.json.DecodedBatch;
import io.almanac.promql.Labels;
import io.almanac.promql.PromQlException;
import io.almanac.promql.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes recording rules' results through the ingest path, as series in AMS's model: the {@code
 * appid}, {@code hostname} and {@code instanceid} labels become the series' keys ({@code appid}
 * {@value #APP_ID} and the collector's host name when the result has none); the other labels become
 * tags of the stored name ({@link TaggedName}), which the Prometheus API reads back as labels. A
 * result whose samples would still collide (values that differ only in {@code ;}) is refused.
 */
public final class IngestRecordedSeries implements RecordedSeriesWriter {
  /** The appid of recorded series whose result carries none. */
  public static final String APP_ID = "almanac_rules";

  private final IngestService ingest;
  private final String hostName;

  /** Writes through {@code ingest}; {@code hostName} stands in for a missing hostname label. */
  public IngestRecordedSeries(IngestService ingest, String hostName) {
    this.ingest = ingest;
    this.hostName = hostName;
  }

  @Override
  public void write(List<Sample> samples, long timeMs) {
    List<TimelineMetric> metrics = new ArrayList<>(samples.size());
    List<Integer> indexes = new ArrayList<>(samples.size());
    Set<List<String>> keys = new HashSet<>();
    for (Sample s : samples) {
      Labels l = s.labels();
      TreeMap<String, String> tags = new TreeMap<>(l.map());
      for (String own :
          List.of(
              Labels.NAME, SeriesLabels.APPID, SeriesLabels.HOSTNAME, SeriesLabels.INSTANCEID)) {
        tags.remove(own);
      }
      String name = TaggedName.format(l.get(Labels.NAME), tags);
      String app = or(l.get(SeriesLabels.APPID), APP_ID);
      String host = or(l.get(SeriesLabels.HOSTNAME), hostName);
      String instance = l.get(SeriesLabels.INSTANCEID);
      if (!keys.add(List.of(name, app, host, instance))) {
        throw new PromQlException(
            "several samples map to the series "
                + name
                + " of appid "
                + app
                + " on "
                + host
                + ": label values that differ only in ';' cannot be told apart");
      }
      indexes.add(metrics.size());
      metrics.add(
          new TimelineMetric(
              name,
              app,
              instance.isEmpty() ? null : instance,
              host,
              timeMs,
              timeMs,
              null,
              null,
              Points.of(new long[] {timeMs}, new double[] {s.value()}),
              Map.of()));
    }
    IngestResult r = ingest.ingest(new DecodedBatch(metrics, indexes, List.of()));
    if (!r.problems().isEmpty()) {
      throw new PromQlException("the recorded series were refused: " + r.problems().get(0));
    }
  }

  private static String or(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }
}
