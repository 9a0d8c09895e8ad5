package io.almanac.collector.cluster;

import java.util.List;

/**
 * The collectors that share one store, as {@code GET /admin/cluster} shows them.
 *
 * @param self this collector's advertised {@code host:port}
 * @param leader the {@code host:port} of the collector that aggregates; empty while none does
 * @param members every live collector's {@code host:port}, sorted
 * @param epoch how many times leadership has been taken, the current leader's included: a leader
 *     writes with its epoch, so a deposed one's late writes can be told apart and refused
 */
public record ClusterView(String self, String leader, List<String> members, long epoch) {
  public ClusterView {
    members = List.copyOf(members);
  }
}
