package io.almanac.alerting;

import io.almanac.promql.QueryResult;

/** How rules read the store: a PromQL query at an instant. */
public interface RuleQueries {
  /**
   * {@code query} at {@code timeMs}.
   *
   * @throws RuntimeException when the query fails; the rule's health says why
   */
  QueryResult instant(String query, long timeMs);
}
