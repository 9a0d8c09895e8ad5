package io.almanac.promql;

import io.almanac.promql.Expr.Binary;
import io.almanac.promql.Expr.Cardinality;
import io.almanac.promql.Expr.VectorMatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Arithmetic, comparison and set operators between scalars and vectors, with vector matching. */
final class BinaryOps {
  private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");
  private static final Set<String> SET_OPS = Set.of("and", "or", "unless");

  private BinaryOps() {}

  static Value apply(Binary b, Value lhs, Value rhs) {
    String op = b.op();
    if (SET_OPS.contains(op)) {
      return setOp(b, Evaluator.vector(lhs, op), Evaluator.vector(rhs, op));
    }
    boolean comparison = COMPARISONS.contains(op);
    if (lhs instanceof Value.Scalar l && rhs instanceof Value.Scalar r) {
      if (comparison && !b.returnBool()) {
        throw new PromQlException("comparisons between scalars must use BOOL modifier");
      }
      return new Value.Scalar(compute(op, l.value(), r.value()));
    }
    if (lhs instanceof Value.Scalar || rhs instanceof Value.Scalar) {
      boolean scalarLeft = lhs instanceof Value.Scalar;
      double scalar = Evaluator.scalar(scalarLeft ? lhs : rhs, op);
      List<Sample> out = new ArrayList<>();
      for (Sample s : Evaluator.vector(scalarLeft ? rhs : lhs, op).samples()) {
        double l = scalarLeft ? scalar : s.value();
        double r = scalarLeft ? s.value() : scalar;
        double v = compute(op, l, r);
        if (comparison && !b.returnBool()) {
          if (v == 1) {
            out.add(s);
          }
        } else {
          out.add(new Sample(s.labels().withoutName(), v));
        }
      }
      return new Value.Vector(out);
    }
    return vectorOp(b, Evaluator.vector(lhs, op).samples(), Evaluator.vector(rhs, op).samples());
  }

  private static Value vectorOp(Binary b, List<Sample> lhs, List<Sample> rhs) {
    VectorMatching m = b.matching();
    boolean comparison = COMPARISONS.contains(b.op());
    boolean swapped = m.cardinality() == Cardinality.ONE_TO_MANY;
    List<Sample> many = swapped ? rhs : lhs;
    List<Sample> one = swapped ? lhs : rhs;
    Map<Labels, Sample> oneBySignature = new HashMap<>();
    for (Sample s : one) {
      if (oneBySignature.put(signature(m, s.labels()), s) != null) {
        throw new PromQlException(
            "found duplicate series for the match group "
                + signature(m, s.labels())
                + " on the "
                + (swapped ? "left" : "right")
                + " hand-side of the operation; many-to-many matching not allowed: matching labels"
                + " must be unique on one side");
      }
    }
    List<Sample> out = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    for (Sample s : many) {
      Sample other = oneBySignature.get(signature(m, s.labels()));
      if (other == null) {
        continue;
      }
      double l = swapped ? other.value() : s.value();
      double r = swapped ? s.value() : other.value();
      double v = compute(b.op(), l, r);
      if (comparison && !b.returnBool() && v != 1) {
        continue;
      }
      double value = comparison && !b.returnBool() ? l : v;
      Labels labels = resultLabels(b, s.labels(), other.labels());
      if (m.cardinality() == Cardinality.ONE_TO_ONE && !seen.add(labels)) {
        throw new PromQlException(
            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      }
      out.add(new Sample(labels, value));
    }
    return new Value.Vector(out);
  }

  private static Labels resultLabels(Binary b, Labels many, Labels one) {
    VectorMatching m = b.matching();
    boolean dropName = !COMPARISONS.contains(b.op()) || b.returnBool();
    Labels labels = dropName ? many.withoutName() : many;
    if (m.cardinality() == Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        return labels.only(m.labels());
      }
      return labels.without(m.labels());
    }
    for (String name : m.include()) {
      labels = labels.with(name, one.get(name));
    }
    return labels;
  }

  private static Value setOp(Binary b, Value.Vector lhs, Value.Vector rhs) {
    VectorMatching m = b.matching();
    Set<Labels> right = new HashSet<>();
    rhs.samples().forEach(s -> right.add(signature(m, s.labels())));
    List<Sample> out = new ArrayList<>();
    switch (b.op()) {
      case "and":
        lhs.samples().stream()
            .filter(s -> right.contains(signature(m, s.labels())))
            .forEach(out::add);
        break;
      case "unless":
        lhs.samples().stream()
            .filter(s -> !right.contains(signature(m, s.labels())))
            .forEach(out::add);
        break;
      default:
        Set<Labels> left = new HashSet<>();
        for (Sample s : lhs.samples()) {
          left.add(signature(m, s.labels()));
          out.add(s);
        }
        rhs.samples().stream()
            .filter(s -> !left.contains(signature(m, s.labels())))
            .forEach(out::add);
    }
    return new Value.Vector(out);
  }

  /** The labels two elements must share to match. */
  private static Labels signature(VectorMatching m, Labels labels) {
    if (m.on()) {
      return labels.only(m.labels());
    }
    List<String> ignored = new ArrayList<>(m.labels());
    ignored.add(Labels.NAME);
    return labels.without(ignored);
  }

  private static double compute(String op, double l, double r) {
    switch (op) {
      case "+":
        return l + r;
      case "-":
        return l - r;
      case "*":
        return l * r;
      case "/":
        return l / r;
      case "%":
        return l % r;
      case "^":
        return Math.pow(l, r);
      case "atan2":
        return Math.atan2(l, r);
      case "==":
        return l == r ? 1 : 0;
      case "!=":
        return l != r ? 1 : 0;
      case ">":
        return l > r ? 1 : 0;
      case "<":
        return l < r ? 1 : 0;
      case ">=":
        return l >= r ? 1 : 0;
      case "<=":
        return l <= r ? 1 : 0;
      default:
        throw new PromQlException("operator \"" + op + "\" is not supported");
    }
  }
}
