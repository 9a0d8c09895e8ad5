package io.almanac.collector.storage.phoenix;

import io.almanac.model.store.ContainerMetric;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** Writes CONTAINER_METRICS rows the way AMS derives them: MB turned into GB, GB times duration. */
final class ContainerMetricsTable {
  private static final String UPSERT =
      "UPSERT INTO CONTAINER_METRICS (APP_ID, CONTAINER_ID, START_TIME, "
          + "FINISH_TIME, DURATION, HOSTNAME, EXIT_CODE, LOCALIZATION_DURATION, LAUNCH_DURATION, MEM_REQUESTED_GB, "
          + "MEM_REQUESTED_GB_MILLIS, MEM_VIRTUAL_GB, MEM_USED_GB_MIN, MEM_USED_GB_MAX, MEM_USED_GB_AVG, "
          + "MEM_USED_GB_50_PCT, MEM_USED_GB_75_PCT, MEM_USED_GB_90_PCT, MEM_USED_GB_95_PCT, MEM_USED_GB_99_PCT, "
          + "MEM_UNUSED_GB, MEM_UNUSED_GB_MILLIS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private ContainerMetricsTable() {}

  static void write(Connection c, List<ContainerMetric> metrics) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (ContainerMetric m : metrics) {
        long duration = m.finishTime() - m.startTime();
        double requestedGb = gb(m.pmemLimit());
        double unusedGb = gb(m.pmemLimit() - m.pmemUsedAvg());
        int i = 1;
        ps.setString(i++, m.appId());
        ps.setString(i++, m.containerId());
        ps.setTimestamp(i++, new Timestamp(m.startTime()));
        ps.setTimestamp(i++, new Timestamp(m.finishTime()));
        ps.setLong(i++, duration);
        ps.setString(i++, m.hostName());
        ps.setInt(i++, m.exitCode());
        ps.setLong(i++, m.localizationDuration());
        ps.setLong(i++, m.launchDuration());
        ps.setDouble(i++, requestedGb);
        ps.setDouble(i++, requestedGb * duration);
        ps.setDouble(i++, gb(m.vmemLimit()));
        ps.setDouble(i++, gb(m.pmemUsedMin()));
        ps.setDouble(i++, gb(m.pmemUsedMax()));
        ps.setDouble(i++, gb(m.pmemUsedAvg()));
        ps.setDouble(i++, gb(m.pmem50Pct()));
        ps.setDouble(i++, gb(m.pmem75Pct()));
        ps.setDouble(i++, gb(m.pmem90Pct()));
        ps.setDouble(i++, gb(m.pmem95Pct()));
        ps.setDouble(i++, gb(m.pmem99Pct()));
        ps.setDouble(i++, unusedGb);
        ps.setDouble(i, unusedGb * duration);
        ps.executeUpdate();
      }
    }
    c.commit();
  }

  private static double gb(int mb) {
    return mb / 1024.0;
  }
}
