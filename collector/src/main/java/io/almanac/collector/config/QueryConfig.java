package io.almanac.collector.config;

/**
 * The read path.
 *
 * @param resultLimit AMS's {@code timeline.metrics.service.default.result.limit}
 */
public record QueryConfig(int resultLimit) {}
