package io.almanac.promql;

import java.util.List;

/** The answer to a query, in the shapes of Prometheus's {@code resultType}. */
public sealed interface QueryResult
    permits QueryResult.ScalarResult,
        QueryResult.StringResult,
        QueryResult.VectorResult,
        QueryResult.MatrixResult {

  /** A scalar at an instant ({@code resultType: scalar}). */
  record ScalarResult(long timeMs, double value) implements QueryResult {}

  /** A string at an instant ({@code resultType: string}). */
  record StringResult(long timeMs, String value) implements QueryResult {}

  /** An instant vector ({@code resultType: vector}). */
  record VectorResult(long timeMs, List<Sample> samples) implements QueryResult {
    /** Copies the list. */
    public VectorResult {
      samples = List.copyOf(samples);
    }
  }

  /** Series over a range ({@code resultType: matrix}). */
  record MatrixResult(List<Series> series) implements QueryResult {
    /** Copies the list. */
    public MatrixResult {
      series = List.copyOf(series);
    }
  }
}
