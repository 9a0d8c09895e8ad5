package io.almanac.collector.config;

/**
 * The read path.
 *
 * @param resultLimit AMS's {@code timeline.metrics.service.default.result.limit}: the largest
 *     {@code limit} a caller may ask for (a query's {@code limit} is its own, lower, budget)
 * @param maxPoints the budget that decides a query's precision: the finest precision whose
 *     estimated points (rows per series, as AMS estimates them, times series) fit it
 * @param multipleClusters AMS's {@code timeline.metrics.support.multiple.clusters}
 * @param defaultInstanceId AMS's {@code timeline.metrics.default.instanceid}, used for a missing
 *     instance id when {@code multipleClusters} is on
 */
public record QueryConfig(
    int resultLimit, long maxPoints, boolean multipleClusters, String defaultInstanceId) {}
