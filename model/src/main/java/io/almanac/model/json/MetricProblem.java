package io.almanac.model.json;

/**
 * Why one metric of a POST was not accepted.
 *
 * @param index position of the metric in the request's {@code metrics} array
 * @param metricName its name as sent (null when absent)
 * @param appId its application id as sent (null when absent)
 * @param hostName its host as sent (null when absent)
 * @param reason what is wrong, for a human
 */
public record MetricProblem(
    int index, String metricName, String appId, String hostName, String reason) {}
