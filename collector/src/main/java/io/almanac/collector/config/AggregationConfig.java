package io.almanac.collector.config;

import io.almanac.aggregators.AggregationSettings;
import java.time.Duration;

/**
 * The aggregators.
 *
 * @param settings intervals, delays, slices, filters and app-level rollups
 * @param tick how often the aggregation thread looks for due intervals
 */
public record AggregationConfig(AggregationSettings settings, Duration tick) {}
