package io.almanac.collector.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collectors sharing one HBase, coordinated on its ZooKeeper with Apache Curator, under the znode
 * {@code /almanac}:
 *
 * <ul>
 *   <li>{@code collectors/members/<host:port>}: one ephemeral node per live collector;
 *   <li>{@code collectors/leader}: a {@link LeaderLatch}; its holder aggregates;
 *   <li>{@code collectors/epoch}: counts leaderships; a new leader raises it before it works;
 *   <li>{@code locks/schema}: held while a collector migrates the schema.
 * </ul>
 *
 * <p>Leadership is also a lease: the leader may work only while its session was confirmed within
 * the last half session timeout (a ZooKeeper round trip every tenth of it), and not at all once the
 * connection is suspended. A leader that was paused (a long GC, SIGSTOP) finds its lease run out by
 * its own clock the moment it resumes, before its session's expiry reaches it, and so never works
 * after another collector may have taken over. One thread, "almanac-cluster", renews the lease and
 * receives Curator's callbacks.
 */
public final class ZooKeeperCluster implements CollectorCluster {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperCluster.class);

  private static final String MEMBERS = "/collectors/members";
  private static final String LEADER = "/collectors/leader";
  private static final String EPOCH = "/collectors/epoch";
  private static final String SCHEMA_LOCK = "/locks/schema";

  private final String self;
  private final Duration sessionTimeout;
  private final CuratorFramework client;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "almanac-cluster");
            t.setDaemon(true);
            return t;
          });

  private PersistentNode member;
  private LeaderLatch latch;
  private java.util.function.LongSupplier storedEpoch = () -> 0;

  /** System.nanoTime() until which this collector may act as leader; 0: not at all. */
  private volatile long leaseUntil;

  /** The epoch this collector took when it last became leader; 0 before. */
  private volatile long myEpoch;

  private ZooKeeperCluster(String self, Duration sessionTimeout, CuratorFramework client) {
    this.self = self;
    this.sessionTimeout = sessionTimeout;
    this.client = client;
  }

  /**
   * Connects to {@code connectString} ({@code host:port,host:port}) as {@code self} ({@code
   * host:port}), with ZooKeeper sessions of {@code sessionTimeout}; joins nothing yet.
   *
   * @throws IllegalStateException when ZooKeeper cannot be reached within 30 s
   */
  public static ZooKeeperCluster connect(String connectString, String self, Duration sessionTimeout)
      throws Exception {
    CuratorFramework client =
        CuratorFrameworkFactory.builder()
            .connectString(connectString)
            .namespace("almanac")
            .sessionTimeoutMs((int) sessionTimeout.toMillis())
            .connectionTimeoutMs((int) Math.min(15_000, sessionTimeout.toMillis()))
            .retryPolicy(new ExponentialBackoffRetry(500, 5))
            .build();
    client.start();
    if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
      client.close();
      throw new IllegalStateException(
          "ZooKeeper at " + connectString + " did not answer within 30 s");
    }
    ZooKeeperCluster cluster = new ZooKeeperCluster(self, sessionTimeout, client);
    client
        .getConnectionStateListenable()
        .addListener((c, state) -> cluster.connectionChanged(state), cluster.thread);
    int negotiated = client.getZookeeperClient().getZooKeeper().getSessionTimeout();
    LOG.info(
        "Connected to ZooKeeper at {} (session timeout {} ms, asked for {} ms) as collector {}",
        connectString,
        negotiated,
        sessionTimeout.toMillis(),
        self);
    return cluster;
  }

  /** Work done while holding the schema lock. */
  @FunctionalInterface
  public interface Locked<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code work} holding the cluster-wide schema lock, so collectors starting together apply
   * each migration once (the second finds it applied).
   */
  public <T> T withSchemaLock(Locked<T> work) throws Exception {
    InterProcessMutex lock = new InterProcessMutex(client, SCHEMA_LOCK);
    if (!lock.acquire(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          "another collector has held the schema lock for 10 minutes; is one stuck migrating?");
    }
    try {
      return work.run();
    } finally {
      lock.release();
    }
  }

  /**
   * Joins: this collector's member node appears (for {@code /livenodes}) and it stands for
   * leadership. Call once it serves. {@code storedEpoch} reads the highest epoch the store's
   * checkpoints carry: a new leader's epoch is above it even if ZooKeeper lost its count (a
   * standalone HBase starts its ZooKeeper afresh).
   */
  public void join(java.util.function.LongSupplier storedEpoch) throws Exception {
    this.storedEpoch = storedEpoch;
    member =
        new PersistentNode(
            client,
            CreateMode.EPHEMERAL,
            false,
            MEMBERS + "/" + self,
            self.getBytes(StandardCharsets.UTF_8));
    member.start();
    if (!member.waitForInitialCreate(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("could not register " + self + " in ZooKeeper within 30 s");
    }
    latch = new LeaderLatch(client, LEADER, self, LeaderLatch.CloseMode.NOTIFY_LEADER);
    latch.addListener(
        new LeaderLatchListener() {
          @Override
          public void isLeader() {
            elected();
          }

          @Override
          public void notLeader() {
            deposed("another collector leads now");
          }
        },
        thread);
    latch.start();
    long every = Math.max(200, sessionTimeout.toMillis() / 10);
    thread.scheduleWithFixedDelay(this::renewLease, 0, every, TimeUnit.MILLISECONDS);
    LOG.info("Collector {} joined; standing for leadership", self);
  }

  @Override
  public boolean leading() {
    LeaderLatch l = latch;
    return l != null && myEpoch > 0 && l.hasLeadership() && System.nanoTime() < leaseUntil;
  }

  private void elected() {
    try {
      myEpoch = nextEpoch(storedEpoch.getAsLong());
      renewLease();
      LOG.info("Collector {} leads now (epoch {}): aggregating", self, myEpoch);
    } catch (Exception e) {
      // Without an epoch it must not work; giving the latch back lets another collector try.
      LOG.error("Collector {} was elected but could not take an epoch; stepping back", self, e);
      myEpoch = 0;
      restartLatch();
    }
  }

  private void deposed(String why) {
    if (myEpoch > 0) {
      LOG.warn("Collector {} no longer leads (epoch {}): {}", self, myEpoch, why);
    }
    myEpoch = 0;
    leaseUntil = 0;
  }

  private void connectionChanged(ConnectionState state) {
    switch (state) {
      case SUSPENDED, LOST -> {
        leaseUntil = 0; // in doubt: stop at once
        if (myEpoch > 0) {
          LOG.warn("Collector {}: ZooKeeper connection {}; aggregation paused", self, state);
        }
      }
      case RECONNECTED -> {
        LOG.info("Collector {}: ZooKeeper connection back", self);
        renewLease();
      }
      default -> {}
    }
  }

  /**
   * A round trip on the session: once it answered, the session cannot expire sooner than a session
   * timeout after the question was asked. The lease is half of that.
   */
  private void renewLease() {
    long asked = System.nanoTime();
    try {
      client.checkExists().forPath(MEMBERS);
      if (client.getZookeeperClient().isConnected()) {
        leaseUntil = asked + sessionTimeout.toNanos() / 2;
      }
    } catch (Exception e) {
      leaseUntil = 0;
      LOG.debug("Lease renewal failed", e);
    }
  }

  /**
   * Raises the epoch by one, and above {@code floor}, compare-and-set on the znode's version;
   * returns the new one.
   */
  private long nextEpoch(long floor) throws Exception {
    while (true) {
      Stat stat = new Stat();
      long current;
      try {
        current = parse(client.getData().storingStatIn(stat).forPath(EPOCH));
      } catch (KeeperException.NoNodeException e) {
        try {
          client.create().creatingParentsIfNeeded().forPath(EPOCH, bytes(floor + 1));
          return floor + 1;
        } catch (KeeperException.NodeExistsException raced) {
          continue;
        }
      }
      try {
        long next = Math.max(current, floor) + 1;
        client.setData().withVersion(stat.getVersion()).forPath(EPOCH, bytes(next));
        return next;
      } catch (KeeperException.BadVersionException raced) {
        // another collector raised it meanwhile: read again
      }
    }
  }

  private void restartLatch() {
    try {
      latch.close();
      latch = new LeaderLatch(client, LEADER, self, LeaderLatch.CloseMode.NOTIFY_LEADER);
      latch.start();
    } catch (Exception e) {
      LOG.error("Collector {} could not stand for leadership again", self, e);
    }
  }

  @Override
  public ClusterView view() {
    List<String> members = new ArrayList<>();
    String leader = "";
    long epoch = 0;
    try {
      members.addAll(client.getChildren().forPath(MEMBERS));
      Collections.sort(members);
      LeaderLatch l = latch;
      if (l != null) {
        Participant p = l.getLeader();
        leader = p.isLeader() ? p.getId() : "";
      }
      epoch =
          client.checkExists().forPath(EPOCH) == null ? 0 : parse(client.getData().forPath(EPOCH));
    } catch (KeeperException.NoNodeException e) {
      // nothing registered yet
    } catch (Exception e) {
      throw new IllegalStateException("ZooKeeper did not answer: " + e.getMessage(), e);
    }
    return new ClusterView(self, leader, members, epoch);
  }

  @Override
  public long epoch() {
    return myEpoch;
  }

  private static byte[] bytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.UTF_8);
  }

  private static long parse(byte[] data) {
    return Long.parseLong(new String(data, StandardCharsets.UTF_8).strip());
  }

  /** Leaves: the latch goes to another collector, the member node disappears. */
  @Override
  public void close() {
    deposed("stopping");
    try {
      if (latch != null) {
        latch.close();
      }
    } catch (Exception e) {
      LOG.debug("Closing the leader latch", e);
    }
    try {
      if (member != null) {
        member.close();
      }
    } catch (Exception e) {
      LOG.debug("Closing the member node", e);
    }
    thread.shutdownNow();
    client.close();
  }
}
