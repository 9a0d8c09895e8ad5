package io.almanac.collector.http;

import io.almanac.aggregators.AggregationService;
import io.almanac.alerting.AlertingService;
import io.almanac.collector.cluster.CollectorCluster;
import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.prometheus.PrometheusQueries;
import io.almanac.collector.query.QueryService;
import io.almanac.collector.storage.StorageMaintenance;
import io.almanac.model.store.MetadataReader;
import java.util.List;

/**
 * What the HTTP resources call once storage is up.
 *
 * @param ingest the write path
 * @param query the read path
 * @param prometheus the Prometheus API's queries and listings
 * @param metadata the metric, host and instance catalogue
 * @param cluster the collectors sharing the store: {@code /livenodes} and {@code /admin/cluster}
 * @param containerMetricsDisabled answer container-metric POSTs without storing them
 * @param aggregation the aggregators (for their checkpoints in the summary), or null
 * @param alerting the alert rules, or null when alerting is off
 * @param maintenance the store's maintenance (compaction), or null when it has none
 */
public record Services(
    IngestService ingest,
    QueryService query,
    PrometheusQueries prometheus,
    MetadataReader metadata,
    CollectorCluster cluster,
    boolean containerMetricsDisabled,
    AggregationService aggregation,
    AlertingService alerting,
    StorageMaintenance maintenance) {
  /** Host names of the collectors sinks may send to (AMS's {@code /livenodes}). */
  public List<String> liveNodes() {
    return cluster.liveNodes();
  }
}
