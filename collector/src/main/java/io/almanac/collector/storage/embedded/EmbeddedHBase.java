package io.almanac.collector.storage.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.LocalHBaseCluster;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.master.HMaster;
import org.apache.hadoop.hbase.zookeeper.MiniZooKeeperCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HBase master, region server and ZooKeeper inside the collector's JVM, with every file under
 * {@code <data-dir>/hbase}, {@code <data-dir>/zookeeper} and {@code <data-dir>/tmp} (never /tmp),
 * bound to the loopback interface. Its owner starts it once and closes it once.
 */
public final class EmbeddedHBase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHBase.class);

  private final Path dataDir;
  private final int zookeeperPort;
  private MiniZooKeeperCluster zookeeper;
  private LocalHBaseCluster cluster;
  private int boundZookeeperPort;

  /**
   * An embedded HBase under {@code dataDir}; ZooKeeper listens on {@code zookeeperPort} (0: any).
   */
  public EmbeddedHBase(Path dataDir, int zookeeperPort) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.zookeeperPort = zookeeperPort;
  }

  /** Starts ZooKeeper, then HBase, and waits until the master is initialized. */
  public void start(Duration timeout) throws IOException, InterruptedException {
    Path hbaseRoot = dataDir.resolve("hbase");
    Path zkDir = dataDir.resolve("zookeeper");
    Path tmp = dataDir.resolve("tmp");
    Files.createDirectories(hbaseRoot);
    // ZooKeeper holds only live coordination state here; after a crash its saved sessions would
    // keep the dead master's znode alive and block the new master for the session timeout.
    deleteRecursively(zkDir);
    Files.createDirectories(zkDir);
    Files.createDirectories(tmp);

    Configuration conf = HBaseConfiguration.create();
    conf.set(HConstants.ZOOKEEPER_QUORUM, "127.0.0.1");
    conf.set("hbase.zookeeper.property.clientPortAddress", "127.0.0.1");
    zookeeper = new MiniZooKeeperCluster(conf);
    if (zookeeperPort > 0) {
      zookeeper.setDefaultClientPort(zookeeperPort);
    }
    boundZookeeperPort = zookeeper.startup(zkDir.toFile());
    LOG.info("Embedded ZooKeeper listening on 127.0.0.1:{}", boundZookeeperPort);

    conf.set(HConstants.HBASE_DIR, hbaseRoot.toUri().toString());
    conf.set("hbase.tmp.dir", tmp.toString());
    conf.set("hbase.zookeeper.property.dataDir", zkDir.toString());
    conf.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, boundZookeeperPort);
    conf.setBoolean(HConstants.CLUSTER_DISTRIBUTED, false);
    conf.setBoolean(LocalHBaseCluster.ASSIGN_RANDOM_PORTS, true);
    conf.set("hbase.master.ipc.address", "127.0.0.1");
    conf.set("hbase.regionserver.ipc.address", "127.0.0.1");
    conf.set("hbase.master.hostname", "127.0.0.1");
    conf.set("hbase.regionserver.hostname", "127.0.0.1");
    conf.setInt("hbase.master.info.port", -1);
    conf.setInt("hbase.regionserver.info.port", -1);
    conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
    conf.setInt("hbase.master.wait.on.regionservers.mintostart", 1);
    conf.setInt("hbase.master.wait.on.regionservers.maxtostart", 1);
    conf.set("hbase.wal.provider", "filesystem");
    // AMS's lesson: a loaded disk must not expire the session and take the store down.
    conf.setInt("zookeeper.session.timeout", 120_000);
    conf.set(
        "hbase.regionserver.wal.codec",
        "org.apache.hadoop.hbase.regionserver.wal.IndexedWALEditCodec");
    conf.set("fs.defaultFS", "file:///");
    sizeForOneMachine(conf);

    cluster = new LocalHBaseCluster(conf, 1, 1);
    cluster.startup();
    waitForMaster(timeout);
    LOG.info("Embedded HBase ready, root {}", hbaseRoot);
  }

  /**
   * Settings for a master and a region server that share one JVM with the collector on one machine:
   * fewer threads than a cluster node's defaults (400 in all before), heap shares that leave room
   * for the collector's own buffers, and the waits that only matter between machines cut short
   * (start-up and table creation wait on them).
   */
  private static void sizeForOneMachine(Configuration conf) {
    conf.setInt("hbase.regionserver.handler.count", 8);
    conf.setInt("hbase.master.handler.count", 4);
    conf.setInt("hbase.regionserver.metahandler.count", 3);
    conf.setInt("hbase.regionserver.replication.handler.count", 1);
    conf.setInt("hbase.master.procedure.threads", 6);
    conf.setInt("hbase.regionserver.hlog.syncer.count", 2);
    conf.setInt("hbase.hconnection.threads.max", 16);
    conf.setInt("hbase.hconnection.meta.lookup.threads.max", 4);
    // The RPC server's pool of off-heap buffers (for requests and responses larger than 1 KB):
    // a few MB is plenty for 8 handlers; buffers beyond it are taken from the heap and freed.
    conf.setInt("hbase.server.allocator.max.buffer.count", 64);
    // Latency histograms per table and per user (255 counters each, about 14 per table): some
    // 10 MB of heap for figures nobody reads from an embedded store.
    conf.setBoolean("hbase.regionserver.enable.table.latencies", false);
    conf.setBoolean("hbase.regionserver.user.metrics.enabled", false);
    // Phoenix's statistics (guideposts for splitting its own scans) are gathered by a scanner
    // wrapped around every compaction: half of a compaction's CPU on tier S, for figures that only
    // Phoenix's parallel scans of large tables use; the collector reads those with HBase scans.
    conf.setBoolean("phoenix.stats.collection.enabled", false);
    // The memstores and the block cache fill up to these shares of the heap, and a burst fills
    // the memstores to the top: at 0.3 and 0.2 of the 768 MB default, with writes that no longer
    // wait for an RPC handler, the burst drill's collector spent most of its time in full GCs.
    conf.setFloat("hfile.block.cache.size", 0.1f);
    conf.setFloat("hbase.regionserver.global.memstore.size", 0.2f);
    // The region server reports its load to the master at this interval (3 s by default), and the
    // master places no region on a server before its first report: on a restart hbase:meta waits
    // for it, and a master that finds meta still closed checks again only after 1 s, then 2 s.
    conf.setInt("hbase.regionserver.msginterval", 200);
    conf.setInt("hbase.procedure.remote.dispatcher.delay.msec", 10);
    // The master gathers region assignments for up to 150 ms to send them in one batch: every
    // table creation waited it out (18 sequential creations on a fresh data dir).
    conf.setInt("hbase.assignment.dispatch.wait.msec", 5);
    // Phoenix's SYSTEM.CATALOG observer sleeps this long each time the region opens, so that a
    // region server whose clock is behind the previous host's does not write older timestamps:
    // 2 s of every start, for a clock skew a store in one JVM cannot have.
    conf.setLong("phoenix.clock.skew.interval", 0);
    // A table flush as a master procedure (HBase 2.6's default) can wait forever: when the region
    // is flushing already, the region server reports failure at once, and a report that arrives
    // before the master's procedure waits for it is dropped ("procedure event ... is null"), so
    // the sealer's flush and POST /admin/storage/compact hung (seen on tier S with fast writes).
    // The older flush (a ZooKeeper-coordinated procedure) waits for the region's flush instead.
    conf.setBoolean("hbase.flush.procedure.enabled", false);
    // Files a compaction replaced are removed this often (2 min by default): the disk shrinks
    // soon after the compaction that follows sealing.
    conf.setInt("hbase.hfile.compaction.discharger.interval", 15_000);
    // Phoenix 5.2 wraps every compaction in its own scanner (for its max-lookback and TTL rules),
    // which reads a row at a time without a limit. On a family with NEW_VERSION_BEHAVIOR, as
    // sealing gives METRIC_RECORD, HBase's minor-compaction matcher never ends a row, so that
    // scanner took every cell of the compaction into one list: the heap ran out on tier M. The
    // TTL is in each family's descriptor, where HBase applies it itself; max lookback is off.
    conf.setBoolean("phoenix.table.ttl.enabled", false);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private void waitForMaster(Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HMaster master = cluster.getActiveMaster();
      if (master != null && master.isInitialized()) {
        return;
      }
      if (cluster.getLiveMasters().isEmpty()) {
        throw new IOException("embedded HBase master stopped during start; see the log above");
      }
      Thread.sleep(200);
    }
    throw new IOException("embedded HBase did not become ready within " + timeout);
  }

  /**
   * The region server's own HBase connection. Calls it makes to the region server's regions run in
   * the calling thread, without RPC: no socket, no request encoding, no hand-off to an RPC handler.
   * The region server owns it and closes it when it stops; callers never close it.
   */
  public Connection localConnection() {
    if (cluster == null) {
      throw new IllegalStateException("embedded HBase is not running");
    }
    return cluster.getRegionServer(0).getConnection();
  }

  /**
   * Writes batches straight into the region server's regions from the calling thread (see {@link
   * LocalRegionWriter}); a batch whose regions stay unavailable fails after two minutes.
   */
  public LocalRegionWriter localWriter() {
    if (cluster == null) {
      throw new IllegalStateException("embedded HBase is not running");
    }
    return new LocalRegionWriter(cluster.getRegionServer(0), 120_000);
  }

  /**
   * The oldest cell time of a table from its store files' metadata (see {@link LocalCellTimes});
   * gives up on a region that cannot be flushed within a minute.
   */
  public LocalCellTimes localCellTimes() {
    if (cluster == null) {
      throw new IllegalStateException("embedded HBase is not running");
    }
    return new LocalCellTimes(cluster.getRegionServer(0), 60_000);
  }

  /** The ZooKeeper quorum clients connect to. */
  public String zookeeperQuorum() {
    return "127.0.0.1";
  }

  /** The port ZooKeeper listens on. */
  public int zookeeperPort() {
    return boundZookeeperPort;
  }

  /** Stops HBase (flushing its memstores) and then ZooKeeper. */
  @Override
  public void close() {
    if (cluster != null) {
      LOG.info("Stopping embedded HBase");
      cluster.shutdown();
      cluster.join();
      cluster = null;
    }
    if (zookeeper != null) {
      try {
        zookeeper.shutdown();
      } catch (IOException e) {
        LOG.warn("Embedded ZooKeeper did not stop cleanly", e);
      }
      zookeeper = null;
    }
  }
}
