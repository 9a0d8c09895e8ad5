package io.almanac.promql;

import io.almanac.model.Points;
import io.almanac.promql.Expr.Aggregation;
import io.almanac.promql.Expr.Binary;
import io.almanac.promql.Expr.Call;
import io.almanac.promql.Expr.MatrixSelector;
import io.almanac.promql.Expr.NumberLiteral;
import io.almanac.promql.Expr.StringLiteral;
import io.almanac.promql.Expr.Unary;
import io.almanac.promql.Expr.VectorSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates PromQL with Prometheus's semantics: an instant selector takes each series' newest point
 * within the 5-minute lookback before the evaluation time (AMS data has no staleness markers, so a
 * series ends 5 minutes after its last point); a range query evaluates at start, start + step, ...
 * up to end. Each selector's series are read once for the whole query; where a range query's step
 * allows, {@code *_over_time} calls read the source's interval summaries ({@link SummaryReads}).
 */
public final class Evaluator {
  /** How far back an instant selector looks for a series' newest point. */
  public static final long LOOKBACK_MS = 5 * 60_000;

  /** Prometheus's limit of points per series in a range query. */
  public static final int MAX_POINTS_PER_SERIES = 11_000;

  private final SeriesSource source;
  private final Map<VectorSelector, List<Series>> fetched = new HashMap<>();
  private SummaryReads summaries = SummaryReads.none();

  /** An evaluator reading from {@code source}; one per query. */
  public Evaluator(SeriesSource source) {
    this.source = source;
  }

  /** {@code query} at the instant {@code timeMs}. */
  public QueryResult instant(String query, long timeMs) {
    Expr expr = Parser.parse(query);
    // any step divides the one evaluation: summaries answer when the time is on their grid
    summaries = SummaryReads.plan(expr, source, timeMs, 0);
    summaries.fetch(source, timeMs, timeMs);
    fetch(expr, timeMs, timeMs);
    Value v = eval(expr, timeMs);
    if (v instanceof Value.Scalar s) {
      return new QueryResult.ScalarResult(timeMs, s.value());
    }
    if (v instanceof Value.Str s) {
      return new QueryResult.StringResult(timeMs, s.value());
    }
    if (v instanceof Value.Matrix m) {
      return new QueryResult.MatrixResult(m.series());
    }
    return new QueryResult.VectorResult(timeMs, ((Value.Vector) v).samples());
  }

  /** {@code query} at every step from {@code startMs} to {@code endMs}, as series. */
  public QueryResult.MatrixResult range(String query, long startMs, long endMs, long stepMs) {
    if (stepMs <= 0) {
      throw new PromQlException(
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if (endMs < startMs) {
      throw new PromQlException("end timestamp must not be before start time");
    }
    if ((endMs - startMs) / stepMs + 1 > MAX_POINTS_PER_SERIES) {
      throw new PromQlException(
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
              + " resolution (?step=XX)");
    }
    Expr expr = Parser.parse(query);
    if (expr instanceof MatrixSelector || expr instanceof StringLiteral) {
      throw new PromQlException(
          "invalid expression type \""
              + typeName(expr)
              + "\" for range query, must be Scalar or instant Vector");
    }
    summaries = SummaryReads.plan(expr, source, startMs, stepMs);
    summaries.fetch(source, startMs, endMs);
    fetch(expr, startMs, endMs);
    Map<Labels, Map<Long, Double>> bySeries = new LinkedHashMap<>();
    for (long t = startMs; t <= endMs; t += stepMs) {
      Value v = eval(expr, t);
      List<Sample> samples =
          v instanceof Value.Scalar s
              ? List.of(new Sample(Labels.EMPTY, s.value()))
              : ((Value.Vector) v).samples();
      for (Sample sample : samples) {
        bySeries.computeIfAbsent(sample.labels(), k -> new TreeMap<>()).put(t, sample.value());
      }
    }
    List<Series> out = new ArrayList<>();
    bySeries.forEach((labels, points) -> out.add(new Series(labels, Points.fromMap(points))));
    return new QueryResult.MatrixResult(out);
  }

  private static String typeName(Expr e) {
    return e instanceof MatrixSelector ? "range vector" : "string";
  }

  // ---- reading ----

  /** Reads every selector's series once, for all the evaluation times between start and end. */
  private void fetch(Expr e, long startMs, long endMs) {
    Map<VectorSelector, Long> windows = new LinkedHashMap<>();
    collect(e, LOOKBACK_MS, windows);
    windows.forEach(
        (selector, window) -> {
          long from = startMs - selector.offsetMs() - window;
          long to = endMs - selector.offsetMs();
          fetched.put(selector, source.select(selector.matchers(), from, to));
        });
  }

  private void collect(Expr e, long window, Map<VectorSelector, Long> out) {
    if (e instanceof Call c && summaries.answers(c)) {
      return; // read as summaries
    }
    if (e instanceof VectorSelector v) {
      out.merge(v, window, Math::max);
    } else if (e instanceof MatrixSelector m) {
      out.merge(m.selector(), m.rangeMs(), Math::max);
    } else {
      e.children().forEach(c -> collect(c, window, out));
    }
  }

  // ---- evaluation at one instant ----

  Value eval(Expr e, long t) {
    if (e instanceof NumberLiteral n) {
      return new Value.Scalar(n.value());
    }
    if (e instanceof StringLiteral s) {
      return new Value.Str(s.value());
    }
    if (e instanceof VectorSelector v) {
      return new Value.Vector(instantSamples(v, t));
    }
    if (e instanceof MatrixSelector m) {
      return new Value.Matrix(window(m, t));
    }
    if (e instanceof Call c) {
      return summaries.answers(c) ? summaries.eval(c, t) : Functions.call(this, c, t);
    }
    if (e instanceof Aggregation a) {
      return Aggregations.apply(this, a, t);
    }
    if (e instanceof Binary b) {
      return BinaryOps.apply(b, eval(b.lhs(), t), eval(b.rhs(), t));
    }
    Unary u = (Unary) e;
    Value inner = eval(u.expr(), t);
    if (inner instanceof Value.Scalar s) {
      return new Value.Scalar(-s.value());
    }
    List<Sample> negated = new ArrayList<>();
    for (Sample s : vector(inner, "unary minus").samples()) {
      negated.add(new Sample(s.labels().withoutName(), -s.value()));
    }
    return new Value.Vector(negated);
  }

  /** Each series' newest point in {@code (t - offset - lookback, t - offset]}. */
  private List<Sample> instantSamples(VectorSelector v, long t) {
    long end = t - v.offsetMs();
    long start = end - LOOKBACK_MS;
    List<Sample> out = new ArrayList<>();
    for (Series s : fetched.getOrDefault(v, List.of())) {
      int i = lastAtOrBefore(s.points(), end);
      if (i >= 0 && s.points().timestamp(i) > start) {
        out.add(new Sample(s.labels(), s.points().value(i)));
      }
    }
    return out;
  }

  /**
   * Each series' points in {@code (t - offset - range, t - offset]}; series without any left out.
   */
  List<Series> window(MatrixSelector m, long t) {
    long end = t - m.selector().offsetMs();
    long start = end - m.rangeMs();
    List<Series> out = new ArrayList<>();
    for (Series s : fetched.getOrDefault(m.selector(), List.of())) {
      Points p = s.points();
      int last = lastAtOrBefore(p, end);
      int first = last;
      while (first >= 0 && p.timestamp(first) > start) {
        first--;
      }
      first++;
      if (last >= first) {
        long[] ts = new long[last - first + 1];
        double[] vs = new double[ts.length];
        for (int i = first; i <= last; i++) {
          ts[i - first] = p.timestamp(i);
          vs[i - first] = p.value(i);
        }
        out.add(new Series(s.labels(), Points.of(ts, vs)));
      }
    }
    return out;
  }

  private static int lastAtOrBefore(Points p, long t) {
    int lo = 0;
    int hi = p.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (p.timestamp(mid) <= t) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  static Value.Vector vector(Value v, String where) {
    if (v instanceof Value.Vector vector) {
      return vector;
    }
    throw new PromQlException("expected an instant vector in " + where);
  }

  static double scalar(Value v, String where) {
    if (v instanceof Value.Scalar s) {
      return s.value();
    }
    throw new PromQlException("expected a scalar in " + where);
  }
}
