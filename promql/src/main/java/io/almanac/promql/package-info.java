/**
 * PromQL: {@link io.almanac.promql.Parser} turns a query into an {@link io.almanac.promql.Expr}
 * tree; {@link io.almanac.promql.Evaluator} evaluates it at one instant or over a range with
 * Prometheus's semantics, reading series through a {@link io.almanac.promql.SeriesSource}.
 */
package io.almanac.promql;
