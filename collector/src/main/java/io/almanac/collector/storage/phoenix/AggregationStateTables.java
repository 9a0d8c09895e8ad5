package io.almanac.collector.storage.phoenix;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/** Aggregator checkpoints and dirty intervals (ALMANAC_CHECKPOINTS, ALMANAC_DIRTY_INTERVALS). */
final class AggregationStateTables {
  private AggregationStateTables() {}

  static OptionalLong checkpoint(Connection c, String aggregator) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT CHECKPOINT FROM ALMANAC_CHECKPOINTS WHERE AGGREGATOR = ?")) {
      ps.setString(1, aggregator);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  static void saveCheckpoint(Connection c, String aggregator, long time) throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps =
        c.prepareStatement("UPSERT INTO ALMANAC_CHECKPOINTS VALUES (?, ?)")) {
      ps.setString(1, aggregator);
      ps.setLong(2, time);
      ps.executeUpdate();
    }
  }

  static void markDirty(Connection c, String aggregator, List<Long> starts, long markedAt)
      throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPSERT INTO ALMANAC_DIRTY_INTERVALS (AGGREGATOR, INTERVAL_START, MARKED_AT) VALUES (?, ?, ?)")) {
      for (long start : starts) {
        ps.setString(1, aggregator);
        ps.setLong(2, start);
        ps.setLong(3, markedAt);
        ps.executeUpdate();
      }
    }
    c.commit();
  }

  static SortedMap<Long, Long> dirty(Connection c, String aggregator) throws SQLException {
    SortedMap<Long, Long> out = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT INTERVAL_START, MARKED_AT FROM ALMANAC_DIRTY_INTERVALS WHERE AGGREGATOR = ?")) {
      ps.setString(1, aggregator);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  static void clearDirty(Connection c, String aggregator, long start, long markedAt)
      throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM ALMANAC_DIRTY_INTERVALS WHERE AGGREGATOR = ? "
                + "AND INTERVAL_START = ? AND (MARKED_AT IS NULL OR MARKED_AT <= ?)")) {
      ps.setString(1, aggregator);
      ps.setLong(2, start);
      ps.setLong(3, markedAt);
      ps.executeUpdate();
    }
  }
}
