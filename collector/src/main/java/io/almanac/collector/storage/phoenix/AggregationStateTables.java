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
        if (!rs.next()) {
          return OptionalLong.empty();
        }
        long checkpoint = rs.getLong(1);
        // a row that a leader claimed before any checkpoint was written holds none
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(checkpoint);
      }
    }
  }

  /**
   * Writes the checkpoint as the leader of {@code epoch}, atomically on the region server
   * (Phoenix's ON DUPLICATE KEY): unchanged when the row carries a later epoch. Returns whether the
   * row carries this epoch afterwards.
   */
  static boolean saveCheckpoint(Connection c, String aggregator, long time, long epoch)
      throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPSERT INTO ALMANAC_CHECKPOINTS (AGGREGATOR, CHECKPOINT, EPOCH) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE"
                + " CHECKPOINT = CASE WHEN EPOCH IS NULL OR EPOCH <= ? THEN ? ELSE CHECKPOINT END,"
                + " EPOCH = CASE WHEN EPOCH IS NULL OR EPOCH <= ? THEN ? ELSE EPOCH END")) {
      ps.setString(1, aggregator);
      ps.setLong(2, time);
      ps.setLong(3, epoch);
      ps.setLong(4, epoch);
      ps.setLong(5, time);
      ps.setLong(6, epoch);
      ps.setLong(7, epoch);
      ps.executeUpdate();
    }
    return epochOf(c, aggregator) == epoch;
  }

  /**
   * Marks each aggregator's stored checkpoint with {@code epoch} unless it carries a later one;
   * returns the highest epoch of all rows afterwards. Not atomic per row, and it need not be: a
   * deposed leader's write that lands between the read and the write here is overwritten (the
   * checkpoint steps back, and the interval is aggregated again), one after it is refused. Rows are
   * only updated, never made: an ON DUPLICATE KEY update of a row without a CHECKPOINT cell fails
   * in Phoenix 5.2.1 ("Expected length of at least 8 bytes, but had 1").
   */
  static long claim(Connection c, java.util.Collection<String> aggregators, long epoch)
      throws SQLException {
    c.setAutoCommit(true);
    String names = String.join(", ", java.util.Collections.nCopies(aggregators.size(), "?"));
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPSERT INTO ALMANAC_CHECKPOINTS (AGGREGATOR, CHECKPOINT, EPOCH)"
                + " SELECT AGGREGATOR, CHECKPOINT, ? FROM ALMANAC_CHECKPOINTS"
                + " WHERE AGGREGATOR IN ("
                + names
                + ") AND CHECKPOINT IS NOT NULL AND (EPOCH IS NULL OR EPOCH < ?)")) {
      int i = 1;
      ps.setLong(i++, epoch);
      for (String aggregator : aggregators) {
        ps.setString(i++, aggregator);
      }
      ps.setLong(i, epoch);
      ps.executeUpdate();
    }
    return Math.max(epoch, maxEpoch(c));
  }

  /** The highest epoch of any checkpoint row; 0 when none carries one. */
  static long maxEpoch(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(EPOCH) FROM ALMANAC_CHECKPOINTS");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0; // NULL (no epoch anywhere) reads as 0
    }
  }

  private static long epochOf(Connection c, String aggregator) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT EPOCH FROM ALMANAC_CHECKPOINTS WHERE AGGREGATOR = ?")) {
      ps.setString(1, aggregator);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
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
