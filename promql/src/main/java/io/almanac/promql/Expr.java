package io.almanac.promql;

import java.util.List;

/** A parsed PromQL expression. */
public sealed interface Expr
    permits Expr.NumberLiteral,
        Expr.StringLiteral,
        Expr.VectorSelector,
        Expr.MatrixSelector,
        Expr.Call,
        Expr.Aggregation,
        Expr.Binary,
        Expr.Unary {

  /** The expressions this one is made of, in order; none for literals and selectors. */
  default List<Expr> children() {
    return List.of();
  }

  /** A number, e.g. {@code 0.5}. */
  record NumberLiteral(double value) implements Expr {}

  /** A string, e.g. the label argument of {@code label_replace}. */
  record StringLiteral(String value) implements Expr {}

  /**
   * An instant-vector selector, e.g. {@code cpu_user{hostname="h1"} offset 5m}.
   *
   * @param matchers every matcher, the metric name as {@code __name__} among them
   * @param offsetMs how far back it looks
   */
  record VectorSelector(List<LabelMatcher> matchers, long offsetMs) implements Expr {
    /** Copies the list. */
    public VectorSelector {
      matchers = List.copyOf(matchers);
    }

    VectorSelector withOffset(long offset) {
      return new VectorSelector(matchers, offset);
    }
  }

  /** A range-vector selector, e.g. {@code bytes_in[5m]}. */
  record MatrixSelector(VectorSelector selector, long rangeMs) implements Expr {}

  /** A function call, e.g. {@code rate(x[5m])}. */
  record Call(String function, List<Expr> args) implements Expr {
    /** Copies the list. */
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public List<Expr> children() {
      return args;
    }
  }

  /**
   * An aggregation, e.g. {@code topk by (hostname) (3, x)}.
   *
   * @param op the operator: sum, avg, min, max, count, stddev, stdvar, topk, bottomk, quantile,
   *     count_values, group
   * @param param the parameter of topk, bottomk, quantile, count_values, or null
   * @param expr what is aggregated
   * @param grouping the labels of {@code by} or {@code without}
   * @param without whether {@code grouping} lists the labels to drop
   */
  record Aggregation(String op, Expr param, Expr expr, List<String> grouping, boolean without)
      implements Expr {
    /** Copies the list. */
    public Aggregation {
      grouping = List.copyOf(grouping);
    }

    @Override
    public List<Expr> children() {
      return param == null ? List.of(expr) : List.of(param, expr);
    }
  }

  /**
   * A binary operation.
   *
   * @param op the operator: arithmetic, comparison or set operator
   * @param lhs the left side
   * @param rhs the right side
   * @param returnBool a comparison with {@code bool}: 0 or 1 instead of filtering
   * @param matching how vector elements are paired
   */
  record Binary(String op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching)
      implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(lhs, rhs);
    }
  }

  /** A unary minus or plus. */
  record Unary(String op, Expr expr) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(expr);
    }
  }

  /**
   * How the elements of two vectors are paired.
   *
   * @param cardinality one-to-one, many-to-one ({@code group_left}) or one-to-many ({@code
   *     group_right})
   * @param labels the labels of {@code on} or {@code ignoring}
   * @param on whether {@code labels} are the ones to match on (else those to ignore)
   * @param include the labels {@code group_left}/{@code group_right} copy from the "one" side
   */
  record VectorMatching(
      Cardinality cardinality, List<String> labels, boolean on, List<String> include) {
    /** Pairing on all labels but the metric name. */
    static final VectorMatching DEFAULT =
        new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());

    /** Copies the lists. */
    public VectorMatching {
      labels = List.copyOf(labels);
      include = List.copyOf(include);
    }
  }

  /** Which side of a vector match may have several elements per match group. */
  enum Cardinality {
    ONE_TO_ONE,
    MANY_TO_ONE,
    ONE_TO_MANY
  }
}
