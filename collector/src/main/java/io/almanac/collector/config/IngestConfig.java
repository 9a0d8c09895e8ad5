package io.almanac.collector.config;

import java.time.Duration;

/**
 * The write path.
 *
 * @param maxRequestBytes a POST body larger than this is refused with 413
 * @param bufferPoints points accepted but not yet committed; beyond this a POST gets 503
 * @param commitTimeout how long a POST waits for its commit before answering 503
 * @param containerMetricsDisabled answer POSTs to /containermetrics without storing them
 * @param earliestTimestampMs a metric with a point before this (epoch milliseconds) is refused
 * @param maxAhead a metric with a point further than this ahead of the collector's clock is refused
 */
public record IngestConfig(
    long maxRequestBytes,
    long bufferPoints,
    Duration commitTimeout,
    boolean containerMetricsDisabled,
    long earliestTimestampMs,
    Duration maxAhead) {}
