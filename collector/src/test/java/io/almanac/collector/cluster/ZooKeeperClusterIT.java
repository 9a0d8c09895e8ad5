package io.almanac.collector.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.zookeeper.MiniZooKeeperCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Membership, leadership and the lease against a real ZooKeeper (HBase's mini cluster). */
class ZooKeeperClusterIT {

  @TempDir Path dir;
  private MiniZooKeeperCluster zookeeper;
  private String connect;

  @BeforeEach
  void start() throws Exception {
    zookeeper = new MiniZooKeeperCluster(HBaseConfiguration.create());
    int port = zookeeper.startup(dir.toFile());
    connect = "127.0.0.1:" + port;
  }

  @AfterEach
  void stop() throws Exception {
    zookeeper.shutdown();
  }

  private static void await(String what, BooleanSupplier check) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!check.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void oneOfTwoLeadsTheOtherTakesOverAndNeitherLeadsWithoutZooKeeper() throws Exception {
    try (ZooKeeperCluster a = ZooKeeperCluster.connect(connect, "a:6188", Duration.ofSeconds(6));
        ZooKeeperCluster b = ZooKeeperCluster.connect(connect, "b:6190", Duration.ofSeconds(6))) {
      a.join(() -> 0);
      await("a to lead", a::leading);
      b.join(() -> 0);
      await("both to be members", () -> b.view().members().size() == 2);
      assertThat(b.leading()).isFalse();
      ClusterView view = b.view();
      assertThat(view)
          .isEqualTo(new ClusterView("b:6190", "a:6188", List.of("a:6188", "b:6190"), 1));
      assertThat(b.liveNodes()).containsExactly("a", "b:6190");

      a.close(); // a leaves: b takes over in a new epoch
      await("b to lead", b::leading);
      assertThat(b.epoch()).isEqualTo(2);
      assertThat(b.view().members()).containsExactly("b:6190");
      assertThat(b.view().leader()).isEqualTo("b:6190");

      zookeeper.shutdown(); // the connection is in doubt: the leader stops at once
      await("b to stop leading", () -> !b.leading());
    }
  }

  /** Enters the schema lock through {@code cluster}, counting who is inside at once. */
  private static void migrate(ZooKeeperCluster cluster, AtomicInteger inside, AtomicInteger most)
      throws Exception {
    cluster.withSchemaLock(
        () -> {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          Thread.sleep(300);
          inside.decrementAndGet();
          return null;
        });
  }

  @Test
  void schemaWorkRunsUnderTheLockOneCollectorAtATime() throws Exception {
    try (ZooKeeperCluster a = ZooKeeperCluster.connect(connect, "a:1", Duration.ofSeconds(6));
        ZooKeeperCluster b = ZooKeeperCluster.connect(connect, "b:1", Duration.ofSeconds(6))) {
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      CompletableFuture<Void> first =
          CompletableFuture.runAsync(
              () -> {
                try {
                  migrate(a, inside, most);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      migrate(b, inside, most);
      first.get(30, TimeUnit.SECONDS);
      assertThat(most.get()).as("never two inside at once").isEqualTo(1);
    }
  }
}
