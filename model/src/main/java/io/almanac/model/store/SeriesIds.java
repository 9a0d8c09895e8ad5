package io.almanac.model.store;

/**
 * The compact ids a series is stored under (Almanac's answer to AMS's {@code /metrics/uuid}).
 *
 * @param metricId id of the metric (name, app, instance)
 * @param hostId id of the host, or -1 when no host was asked for
 */
public record SeriesIds(int metricId, int hostId) {}
