package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checkpoints written with the leader's epoch on the real store: two collectors' stores over one
 * HBase, the later leader's claim and writes win, the deposed one's writes are refused and change
 * nothing.
 */
@ExtendWith(SharedCollector.class)
class CheckpointFencingIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final PhoenixConnector connector =
      new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");

  @Test
  void aLaterEpochsClaimRefusesTheEarlierLeadersWrites() {
    String minute = "fence-minute-" + run;
    String hourly = "fence-hourly-" + run;
    try (PhoenixMetricStore deposed = new PhoenixMetricStore(connector, true);
        PhoenixMetricStore leader = new PhoenixMetricStore(connector, true)) {
      // a checkpoint written before epochs existed
      deposed.saveCheckpoint(hourly, 500);
      assertThat(deposed.saveCheckpoint(minute, 1_000, 1)).isTrue();
      assertThat(deposed.checkpoint(minute)).hasValue(1_000);

      long highest = leader.claimCheckpoints(List.of(minute, hourly, "never-" + run), 2);
      assertThat(highest).isGreaterThanOrEqualTo(2);
      assertThat(leader.checkpoint(minute)).as("a claim keeps the checkpoint").hasValue(1_000);
      assertThat(leader.checkpoint(hourly)).hasValue(500);
      assertThat(leader.checkpoint("never-" + run)).as("a claim makes no row").isEmpty();

      assertThat(deposed.saveCheckpoint(minute, 2_000, 1)).as("epoch 1 after 2's claim").isFalse();
      assertThat(deposed.saveCheckpoint(hourly, 5_000, 1)).isFalse();
      assertThat(leader.checkpoint(minute)).hasValue(1_000);
      assertThat(leader.checkpoint(hourly)).hasValue(500);

      assertThat(leader.saveCheckpoint(minute, 3_000, 2)).isTrue();
      assertThat(deposed.checkpoint(minute)).hasValue(3_000);
      assertThat(leader.checkpointEpoch()).isGreaterThanOrEqualTo(2);
      // a claim of an earlier epoch changes nothing and reports the later one
      assertThat(deposed.claimCheckpoints(List.of(minute), 1)).isGreaterThanOrEqualTo(2);
      assertThat(deposed.saveCheckpoint(minute, 4_000, 1)).isFalse();
      assertThat(leader.checkpoint(minute)).hasValue(3_000);
    }
  }
}
