package io.almanac.collector.config;

/**
 * The read path.
 *
 * @param resultLimit AMS's {@code timeline.metrics.service.default.result.limit}: the most rows a
 *     query may answer, and the largest {@code limit} a caller may ask for
 * @param multipleClusters AMS's {@code timeline.metrics.support.multiple.clusters}
 * @param defaultInstanceId AMS's {@code timeline.metrics.default.instanceid}, used for a missing
 *     instance id when {@code multipleClusters} is on
 */
public record QueryConfig(int resultLimit, boolean multipleClusters, String defaultInstanceId) {}
