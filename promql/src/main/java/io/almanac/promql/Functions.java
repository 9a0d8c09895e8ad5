package io.almanac.promql;

import io.almanac.model.Points;
import io.almanac.promql.Expr.Call;
import io.almanac.promql.Expr.MatrixSelector;
import io.almanac.promql.Expr.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL functions Almanac evaluates, with Prometheus's semantics. */
final class Functions {
  private static final Set<String> SUPPORTED =
      Set.of(
          "rate",
          "irate",
          "increase",
          "delta",
          "idelta",
          "deriv",
          "avg_over_time",
          "min_over_time",
          "max_over_time",
          "sum_over_time",
          "count_over_time",
          "last_over_time",
          "stddev_over_time",
          "stdvar_over_time",
          "quantile_over_time",
          "absent",
          "absent_over_time",
          "changes",
          "resets",
          "abs",
          "ceil",
          "floor",
          "round",
          "sqrt",
          "exp",
          "ln",
          "log2",
          "log10",
          "clamp",
          "clamp_min",
          "clamp_max",
          "label_replace",
          "time",
          "vector",
          "scalar");

  private Functions() {}

  static boolean isSupported(String name) {
    return SUPPORTED.contains(name);
  }

  static Value call(Evaluator ev, Call c, long t) {
    String f = c.function();
    List<Expr> args = c.args();
    switch (f) {
      case "time":
        arity(c, 0);
        return new Value.Scalar(t / 1000.0);
      case "vector":
        arity(c, 1);
        return new Value.Vector(
            List.of(new Sample(Labels.EMPTY, Evaluator.scalar(ev.eval(args.get(0), t), f))));
      case "scalar":
        {
          arity(c, 1);
          List<Sample> v = Evaluator.vector(ev.eval(args.get(0), t), f).samples();
          return new Value.Scalar(v.size() == 1 ? v.get(0).value() : Double.NaN);
        }
      case "rate":
      case "increase":
      case "delta":
        {
          MatrixSelector m = matrixArg(c, 0);
          long end = t - m.selector().offsetMs();
          long start = end - m.rangeMs();
          boolean counter = !f.equals("delta");
          boolean perSecond = f.equals("rate");
          return overRange(ev, c, t, p -> extrapolated(p, start, end, counter, perSecond), false);
        }
      case "irate":
        return overRange(ev, c, t, s -> instant(s, true), false);
      case "idelta":
        return overRange(ev, c, t, s -> instant(s, false), false);
      case "deriv":
        return overRange(ev, c, t, Functions::slope, false);
      case "avg_over_time":
        return overRange(ev, c, t, p -> sum(p) / p.size(), false);
      case "sum_over_time":
        return overRange(ev, c, t, Functions::sum, false);
      case "min_over_time":
        return overRange(ev, c, t, p -> fold(p, Double.POSITIVE_INFINITY, Math::min), false);
      case "max_over_time":
        return overRange(ev, c, t, p -> fold(p, Double.NEGATIVE_INFINITY, Math::max), false);
      case "count_over_time":
        return overRange(ev, c, t, Points::size, false);
      case "last_over_time":
        return overRange(ev, c, t, p -> p.value(p.size() - 1), true);
      case "stddev_over_time":
        return overRange(ev, c, t, p -> Math.sqrt(variance(p)), false);
      case "stdvar_over_time":
        return overRange(ev, c, t, Functions::variance, false);
      case "changes":
        return overRange(ev, c, t, p -> countPairs(p, false), false);
      case "resets":
        return overRange(ev, c, t, p -> countPairs(p, true), false);
      case "quantile_over_time":
        {
          arity(c, 2);
          double q = Evaluator.scalar(ev.eval(args.get(0), t), f);
          Call inner = new Call(f, List.of(args.get(1)));
          return overRange(ev, inner, t, p -> quantile(q, values(p)), false);
        }
      case "absent":
        {
          arity(c, 1);
          boolean empty = Evaluator.vector(ev.eval(args.get(0), t), f).samples().isEmpty();
          return absent(empty, args.get(0) instanceof VectorSelector v ? v : null);
        }
      case "absent_over_time":
        {
          arity(c, 1);
          MatrixSelector m = matrixArg(c, 0);
          return absent(ev.window(m, t).isEmpty(), m.selector());
        }
      case "abs":
        return map(ev, c, t, Math::abs);
      case "ceil":
        return map(ev, c, t, Math::ceil);
      case "floor":
        return map(ev, c, t, Math::floor);
      case "sqrt":
        return map(ev, c, t, Math::sqrt);
      case "exp":
        return map(ev, c, t, Math::exp);
      case "ln":
        return map(ev, c, t, Math::log);
      case "log2":
        return map(ev, c, t, x -> Math.log(x) / Math.log(2));
      case "log10":
        return map(ev, c, t, Math::log10);
      case "round":
        {
          double nearest = args.size() > 1 ? Evaluator.scalar(ev.eval(args.get(1), t), f) : 1;
          double inverse = 1 / nearest;
          return mapArg(ev, args.get(0), t, x -> Math.floor(x * inverse + 0.5) / inverse);
        }
      case "clamp_min":
        {
          arity(c, 2);
          double min = Evaluator.scalar(ev.eval(args.get(1), t), f);
          return mapArg(ev, args.get(0), t, x -> Math.max(x, min));
        }
      case "clamp_max":
        {
          arity(c, 2);
          double max = Evaluator.scalar(ev.eval(args.get(1), t), f);
          return mapArg(ev, args.get(0), t, x -> Math.min(x, max));
        }
      case "clamp":
        {
          arity(c, 3);
          double min = Evaluator.scalar(ev.eval(args.get(1), t), f);
          double max = Evaluator.scalar(ev.eval(args.get(2), t), f);
          if (max < min) {
            return new Value.Vector(List.of());
          }
          return mapArg(ev, args.get(0), t, x -> Math.max(min, Math.min(max, x)));
        }
      case "label_replace":
        return labelReplace(ev, c, t);
      default:
        throw new PromQlException("function \"" + f + "\" is not supported");
    }
  }

  // ---- range functions ----

  private static Value overRange(
      Evaluator ev, Call c, long t, ToDoubleFunction<Points> f, boolean keepName) {
    arity(c, 1);
    MatrixSelector m = matrixArg(c, 0);
    List<Sample> out = new ArrayList<>();
    for (Series s : ev.window(m, t)) {
      if (needsTwo(c.function()) && s.points().size() < 2) {
        continue; // no result for this series, as in Prometheus
      }
      double v = f.applyAsDouble(s.points());
      out.add(new Sample(keepName ? s.labels() : s.labels().withoutName(), v));
    }
    return new Value.Vector(out);
  }

  private static boolean needsTwo(String f) {
    return Set.of("rate", "increase", "delta", "irate", "idelta", "deriv").contains(f);
  }

  /**
   * Prometheus's extrapolated rate: the change over the samples in the window, extrapolated to the
   * window's edges when the first or last sample lies within 110 % of the average sample interval
   * of them (else by half an interval), never below zero for a counter; per second for a rate. NaN
   * (no result) with fewer than two samples.
   */
  static double extrapolated(
      Points p, long rangeStart, long rangeEnd, boolean counter, boolean perSecond) {
    int n = p.size();
    if (n < 2) {
      return Double.NaN;
    }
    double first = p.value(0);
    double last = p.value(n - 1);
    double result = last - first;
    if (counter) {
      for (int i = 1; i < n; i++) {
        if (p.value(i) < p.value(i - 1)) {
          result += p.value(i - 1);
        }
      }
    }
    double durationToStart = (p.timestamp(0) - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - p.timestamp(n - 1)) / 1000.0;
    double sampled = (p.timestamp(n - 1) - p.timestamp(0)) / 1000.0;
    double averageInterval = sampled / (n - 1);
    if (counter && result > 0 && first >= 0) {
      double durationToZero = sampled * (first / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double threshold = averageInterval * 1.1;
    double extrapolateTo = sampled;
    extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
    result = result * (extrapolateTo / sampled);
    if (perSecond) {
      result = result / ((rangeEnd - rangeStart) / 1000.0);
    }
    return result;
  }

  /** irate and idelta: the last two samples. */
  private static double instant(Points p, boolean rate) {
    int n = p.size();
    if (n < 2) {
      return Double.NaN;
    }
    double last = p.value(n - 1);
    double previous = p.value(n - 2);
    double change = rate && last < previous ? last : last - previous;
    if (!rate) {
      return change;
    }
    double seconds = (p.timestamp(n - 1) - p.timestamp(n - 2)) / 1000.0;
    return seconds == 0 ? Double.NaN : change / seconds;
  }

  /** deriv: the least-squares slope per second. */
  private static double slope(Points p) {
    int n = p.size();
    if (n < 2) {
      return Double.NaN;
    }
    double t0 = p.timestamp(0) / 1000.0;
    double sumX = 0;
    double sumY = 0;
    double sumXy = 0;
    double sumX2 = 0;
    for (int i = 0; i < n; i++) {
      double x = p.timestamp(i) / 1000.0 - t0;
      double y = p.value(i);
      sumX += x;
      sumY += y;
      sumXy += x * y;
      sumX2 += x * x;
    }
    double covXy = sumXy - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    return covXy / varX;
  }

  private static double sum(Points p) {
    double s = 0;
    for (int i = 0; i < p.size(); i++) {
      s += p.value(i);
    }
    return s;
  }

  private static double fold(Points p, double start, java.util.function.DoubleBinaryOperator op) {
    double r = start;
    for (int i = 0; i < p.size(); i++) {
      r = Double.isNaN(p.value(i)) ? r : op.applyAsDouble(r, p.value(i));
    }
    return r;
  }

  /** The population variance, as Prometheus computes it. */
  private static double variance(Points p) {
    double mean = sum(p) / p.size();
    double squares = 0;
    for (int i = 0; i < p.size(); i++) {
      squares += (p.value(i) - mean) * (p.value(i) - mean);
    }
    return squares / p.size();
  }

  private static double countPairs(Points p, boolean resetsOnly) {
    int count = 0;
    for (int i = 1; i < p.size(); i++) {
      double prev = p.value(i - 1);
      double cur = p.value(i);
      if (resetsOnly ? cur < prev : cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        count++;
      }
    }
    return count;
  }

  private static double[] values(Points p) {
    double[] v = new double[p.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = p.value(i);
    }
    return v;
  }

  /** Prometheus's quantile: linear interpolation between the closest ranks. */
  static double quantile(double q, double[] values) {
    if (values.length == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int lower = (int) Math.max(0, Math.floor(rank));
    int upper = Math.min(sorted.length - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return sorted[lower] * (1 - weight) + sorted[upper] * weight;
  }

  // ---- the others ----

  private static Value absent(boolean empty, VectorSelector selector) {
    if (!empty) {
      return new Value.Vector(List.of());
    }
    Labels labels = Labels.EMPTY;
    if (selector != null) {
      for (LabelMatcher m : selector.matchers()) {
        if (m.type() == LabelMatcher.Type.EQUAL && !m.name().equals(Labels.NAME)) {
          labels = labels.with(m.name(), m.value());
        }
      }
    }
    return new Value.Vector(List.of(new Sample(labels, 1)));
  }

  private static Value map(Evaluator ev, Call c, long t, DoubleUnaryOperator f) {
    arity(c, 1);
    return mapArg(ev, c.args().get(0), t, f);
  }

  private static Value mapArg(Evaluator ev, Expr arg, long t, DoubleUnaryOperator f) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : Evaluator.vector(ev.eval(arg, t), "function argument").samples()) {
      out.add(new Sample(s.labels().withoutName(), f.applyAsDouble(s.value())));
    }
    return new Value.Vector(out);
  }

  private static Value labelReplace(Evaluator ev, Call c, long t) {
    arity(c, 5);
    List<Sample> in = Evaluator.vector(ev.eval(c.args().get(0), t), "label_replace").samples();
    String dst = string(ev, c, 1, t);
    String replacement = string(ev, c, 2, t);
    String src = string(ev, c, 3, t);
    Pattern regex;
    try {
      regex = Pattern.compile("^(?:" + string(ev, c, 4, t) + ")$", Pattern.DOTALL);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new PromQlException(
          "invalid regular expression in label_replace(): " + e.getDescription());
    }
    // Prometheus writes groups as $1 or ${1}; Java knows $1 and ${name}.
    String javaReplacement = replacement.replaceAll("\\$\\{(\\d+)}", "\\$$1");
    List<Sample> out = new ArrayList<>();
    for (Sample s : in) {
      Matcher m = regex.matcher(s.labels().get(src));
      if (m.matches()) {
        String value;
        try {
          value = m.replaceFirst(javaReplacement);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
          value = "";
        }
        out.add(new Sample(s.labels().with(dst, value), s.value()));
      } else {
        out.add(s);
      }
    }
    return new Value.Vector(out);
  }

  private static String string(Evaluator ev, Call c, int i, long t) {
    Value v = ev.eval(c.args().get(i), t);
    if (v instanceof Value.Str s) {
      return s.value();
    }
    throw new PromQlException(
        "expected a string as argument " + (i + 1) + " of " + c.function() + "()");
  }

  private static MatrixSelector matrixArg(Call c, int i) {
    if (c.args().size() > i && c.args().get(i) instanceof MatrixSelector m) {
      return m;
    }
    throw new PromQlException(
        "expected a range vector as argument "
            + (i + 1)
            + " of "
            + c.function()
            + "(), e.g. x[5m]");
  }

  private static void arity(Call c, int n) {
    if (c.args().size() != n) {
      throw new PromQlException(
          c.function()
              + "() takes "
              + n
              + " argument"
              + (n == 1 ? "" : "s")
              + ", got "
              + c.args().size());
    }
  }
}
