package io.almanac.collector.storage.phoenix;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A cursor over raw block rows (of METRIC_RECORD, METRIC_RECORD_SEALED or both) in key order:
 * metric id, host id, block start. {@link #union} reads the two tables as one, which is how every
 * reader of raw points sees a series' sealed and recent rows together.
 */
abstract class RawRows implements AutoCloseable {
  int metricId;
  int hostId;
  long serverTime;
  byte[] metrics;
  boolean sealed;

  /** Moves to the next row; false at the end. */
  abstract boolean next() throws SQLException;

  @Override
  public abstract void close() throws SQLException;

  /** Metric id in the high 32 bits, host id in the low 32. */
  long seriesId() {
    return ((long) metricId << 32) | (hostId & 0xFFFFFFFFL);
  }

  /**
   * The order of the row's block among its series' blocks: by start, and a sealed block before a
   * METRIC_RECORD block of the same start, so that merging in this order lets recent rows win where
   * they overlap a sealed one (a row posted again after its hour was sealed).
   */
  long blockOrder() {
    return serverTime * 2 + (sealed ? 0 : 1);
  }

  /**
   * The rows of {@code rs} (of METRIC_RECORD_SEALED when {@code fromSealed}), whose columns are
   * METRIC_ID, HOST_ID, SERVER_TIME, METRICS.
   */
  static RawRows of(ResultSet rs, boolean fromSealed) {
    return new RawRows() {
      @Override
      boolean next() throws SQLException {
        if (!rs.next()) {
          return false;
        }
        metricId = rs.getInt(1);
        hostId = rs.getInt(2);
        serverTime = rs.getLong(3);
        metrics = rs.getBytes(4);
        sealed = fromSealed;
        return true;
      }

      @Override
      public void close() throws SQLException {
        rs.close();
      }
    };
  }

  /** The rows of a direct scan whose only column is METRICS. */
  static RawRows of(SeriesRangeScan.Cursor cursor, boolean fromSealed) {
    return new RawRows() {
      @Override
      boolean next() throws SQLException {
        if (!cursor.next()) {
          return false;
        }
        metricId = cursor.metricId();
        hostId = cursor.hostId();
        serverTime = cursor.serverTime();
        metrics = cursor.values()[0];
        sealed = fromSealed;
        return true;
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }

  /** No rows. */
  static RawRows empty() {
    return new RawRows() {
      @Override
      boolean next() {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The rows of {@code recent} and {@code sealed}, each in key order, as one cursor in key order
   * (by series, then {@link #blockOrder}). Closing it closes both.
   */
  static RawRows union(RawRows recent, RawRows sealed) {
    return new Union(recent, sealed);
  }

  private static final class Union extends RawRows {
    private final RawRows a;
    private final RawRows b;
    private boolean started;
    private boolean hasA;
    private boolean hasB;

    Union(RawRows a, RawRows b) {
      this.a = a;
      this.b = b;
    }

    @Override
    boolean next() throws SQLException {
      if (!started) {
        started = true;
        hasA = a.next();
        hasB = b.next();
      }
      if (!hasA && !hasB) {
        return false;
      }
      boolean takeA = hasA && (!hasB || before(a, b));
      RawRows from = takeA ? a : b;
      metricId = from.metricId;
      hostId = from.hostId;
      serverTime = from.serverTime;
      metrics = from.metrics;
      sealed = from.sealed;
      if (takeA) {
        hasA = a.next();
      } else {
        hasB = b.next();
      }
      return true;
    }

    private static boolean before(RawRows x, RawRows y) {
      int byMetric = Integer.compare(x.metricId, y.metricId);
      if (byMetric != 0) {
        return byMetric < 0;
      }
      int byHost = Integer.compare(x.hostId, y.hostId);
      if (byHost != 0) {
        return byHost < 0;
      }
      return x.blockOrder() <= y.blockOrder();
    }

    @Override
    public void close() throws SQLException {
      try {
        a.close();
      } finally {
        b.close();
      }
    }
  }
}
