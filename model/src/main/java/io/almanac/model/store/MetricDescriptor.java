package io.almanac.model.store;

import io.almanac.model.MetricKey;

/**
 * What the store knows of a metric: AMS's {@code TimelineMetricMetadata}.
 *
 * @param key the metric
 * @param units units as first posted, or null
 * @param type type as first posted, or null
 * @param seriesStartTime first timestamp ever stored for the metric, epoch ms
 * @param supportsAggregation false when posted with {@code skipAggregation=true}
 */
public record MetricDescriptor(
    MetricKey key, String units, String type, long seriesStartTime, boolean supportsAggregation) {}
