package io.almanac.collector.config;

import java.nio.file.Path;

/**
 * Where and how metrics are stored.
 *
 * @param mode embedded or distributed
 * @param dataDir the collector's data directory (embedded HBase, logs)
 * @param zookeeperQuorum comma-separated ZooKeeper hosts of the HBase cluster (distributed mode)
 * @param zookeeperPort client port of those hosts (distributed mode)
 * @param znodeParent HBase's root znode
 * @param embeddedZookeeperPort port of the embedded ZooKeeper (0 = any free port)
 * @param directHBase raw blocks written and read with the HBase client, not Phoenix statements
 * @param seal settled hours of raw rows merged into one row per series and hour (with directHBase)
 * @param sealAfter how long an hour must be quiet (and over) before it is sealed
 * @param clusterSessionTimeout distributed mode: the ZooKeeper session of the collectors'
 *     membership and leader election; a dead leader is replaced this long after it stopped
 */
public record StorageConfig(
    StorageMode mode,
    Path dataDir,
    String zookeeperQuorum,
    int zookeeperPort,
    String znodeParent,
    int embeddedZookeeperPort,
    boolean directHBase,
    boolean seal,
    java.time.Duration sealAfter,
    java.time.Duration clusterSessionTimeout) {}
