package io.almanac.collector.cluster;

import java.util.List;

/**
 * Which collectors share the store and which one of them leads: only the leader runs the
 * aggregators, seals blocks and evaluates alert rules; every member ingests and answers queries.
 */
public interface CollectorCluster extends AutoCloseable {

  /**
   * Whether this collector may aggregate (and seal, and evaluate rules) right now. Asked before
   * each step of that work: the answer turns false as soon as leadership is in doubt.
   */
  boolean leading();

  /** The epoch this collector leads in (its checkpoint writes carry it); 0 while it does not. */
  long epoch();

  /** The members, the leader and the epoch as known now. */
  ClusterView view();

  /**
   * What {@code /livenodes} tells sinks: each live collector by advertised name, with its port
   * unless that is AMS's 6188 (AMS sinks add the configured port to a bare name).
   */
  default List<String> liveNodes() {
    return view().members().stream().map(CollectorCluster::sinkAddress).toList();
  }

  /** {@code host:6188} as {@code host}; any other {@code host:port} as it is. */
  static String sinkAddress(String hostPort) {
    return hostPort.endsWith(":6188")
        ? hostPort.substring(0, hostPort.length() - ":6188".length())
        : hostPort;
  }

  @Override
  void close();
}
