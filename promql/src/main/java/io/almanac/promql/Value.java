package io.almanac.promql;

import java.util.List;

/** What an expression evaluates to at one instant. */
sealed interface Value permits Value.Scalar, Value.Vector, Value.Matrix, Value.Str {
  /** A number. */
  record Scalar(double value) implements Value {}

  /** An instant vector. */
  record Vector(List<Sample> samples) implements Value {}

  /** A range vector: each series' points in the range. */
  record Matrix(List<Series> series) implements Value {}

  /** A string. */
  record Str(String value) implements Value {}
}
