package io.almanac.promql;

import io.almanac.promql.Expr.Aggregation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aggregation operators: {@code sum}, {@code avg}, ... with {@code by} or {@code without}. */
final class Aggregations {
  private Aggregations() {}

  static Value apply(Evaluator ev, Aggregation a, long t) {
    List<Sample> in = Evaluator.vector(ev.eval(a.expr(), t), a.op() + "()").samples();
    Map<Labels, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample s : in) {
      groups.computeIfAbsent(groupOf(a, s.labels()), k -> new ArrayList<>()).add(s);
    }
    List<Sample> out = new ArrayList<>();
    switch (a.op()) {
      case "topk":
      case "bottomk":
        {
          int k = (int) Evaluator.scalar(ev.eval(a.param(), t), a.op() + "()");
          Comparator<Sample> order = Comparator.comparingDouble(Sample::value);
          if (a.op().equals("topk")) {
            order = order.reversed();
          }
          for (List<Sample> group : groups.values()) {
            group.stream().sorted(order).limit(Math.max(0, k)).forEach(out::add);
          }
          return new Value.Vector(out);
        }
      case "count_values":
        {
          Value label = ev.eval(a.param(), t);
          if (!(label instanceof Value.Str name)) {
            throw new PromQlException("count_values() needs a label name as its first argument");
          }
          for (Map.Entry<Labels, List<Sample>> g : groups.entrySet()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Sample s : g.getValue()) {
              counts.merge(Sample.format(s.value()), 1, Integer::sum);
            }
            counts.forEach(
                (value, n) -> out.add(new Sample(g.getKey().with(name.value(), value), n)));
          }
          return new Value.Vector(out);
        }
      default:
        break;
    }
    double q =
        a.op().equals("quantile") ? Evaluator.scalar(ev.eval(a.param(), t), "quantile()") : 0;
    for (Map.Entry<Labels, List<Sample>> g : groups.entrySet()) {
      double[] values = g.getValue().stream().mapToDouble(Sample::value).toArray();
      out.add(new Sample(g.getKey(), reduce(a.op(), values, q)));
    }
    return new Value.Vector(out);
  }

  private static Labels groupOf(Aggregation a, Labels labels) {
    if (a.without()) {
      List<String> drop = new ArrayList<>(a.grouping());
      drop.add(Labels.NAME);
      return labels.without(drop);
    }
    return labels.only(a.grouping());
  }

  private static double reduce(String op, double[] v, double q) {
    switch (op) {
      case "sum":
        return sum(v);
      case "avg":
        return sum(v) / v.length;
      case "count":
        return v.length;
      case "group":
        return 1;
      case "min":
        return extreme(v, true);
      case "max":
        return extreme(v, false);
      case "stddev":
        return Math.sqrt(variance(v));
      case "stdvar":
        return variance(v);
      case "quantile":
        return Functions.quantile(q, v);
      default:
        throw new PromQlException("aggregation \"" + op + "\" is not supported");
    }
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  /** min or max; NaN only when every value is NaN, as in Prometheus. */
  private static double extreme(double[] v, boolean min) {
    double r = Double.NaN;
    for (double x : v) {
      if (Double.isNaN(r) || (min ? x < r : x > r)) {
        r = Double.isNaN(x) ? r : x;
      }
    }
    return r;
  }

  private static double variance(double[] v) {
    double mean = sum(v) / v.length;
    double squares = 0;
    for (double x : v) {
      squares += (x - mean) * (x - mean);
    }
    return squares / v.length;
  }
}
