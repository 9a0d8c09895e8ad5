/**
 * The Prometheus face of the store: AMS series as Prometheus series ({@code __name__} = the metric
 * name as stored, labels {@code appid}, {@code hostname} and {@code instanceid}), read for the
 * PromQL evaluator and listed for the series and label endpoints.
 */
package io.almanac.collector.prometheus;
