package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimelineMetrics;

/**
 * The answer to a metrics query, with the precision it was read at (the raw table or 30 s slices
 * for {@link Precision#SECONDS}, and for queries of the latest values).
 *
 * @param metrics the series
 * @param precision the resolution read
 */
public record QueryAnswer(TimelineMetrics metrics, Precision precision) {}
