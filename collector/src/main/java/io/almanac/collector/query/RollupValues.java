package io.almanac.collector.query;

import io.almanac.model.Points;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import java.util.List;

/** Reads values out of aggregate rows with AMS's meaning of each function (ams.md §1.3). */
final class RollupValues {
  private RollupValues() {}

  static Points points(List<Rollup> rows, RollupLevel level, ReadFunction function) {
    long[] ts = new long[rows.size()];
    double[] vs = new double[rows.size()];
    int n = 0;
    for (Rollup r : rows) {
      double v = value(r, level, function);
      if (!Double.isNaN(v)) {
        ts[n] = r.time();
        vs[n] = v;
        n++;
      }
    }
    return Points.of(ts, vs, n);
  }

  static double value(Rollup r, RollupLevel level, ReadFunction function) {
    ReadFunction f = function == null ? ReadFunction.AVG : function;
    switch (f) {
      case MAX:
        return r.max();
      case MIN:
        return r.min();
      case SUM:
        if (!level.perHost()) {
          return r.sum();
        }
        return mean(r);
      default:
        return mean(r);
    }
  }

  private static double mean(Rollup r) {
    return r.count() == 0 ? Double.NaN : r.sum() / r.count();
  }
}
