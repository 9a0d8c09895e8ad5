package io.almanac.sinks.emitter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which collector this host sends to: AMS's sharding (a hash of the host name over the sorted list
 * of live collectors), so each host sticks to one collector; after too many consecutive failures
 * the next one in the list. Not thread-safe: the emitter's sender thread owns it.
 */
final class CollectorChooser {
  private final String hostName;
  private final int failoverAfter;
  private List<String> collectors;
  private int current;
  private int failures;

  CollectorChooser(List<String> collectors, String hostName, int failoverAfter) {
    if (collectors.isEmpty()) {
      throw new IllegalArgumentException("at least one collector is needed");
    }
    this.hostName = hostName;
    this.failoverAfter = failoverAfter;
    use(collectors);
  }

  /** Replaces the list (from discovery) and picks this host's collector in it. */
  void use(List<String> live) {
    List<String> sorted = new ArrayList<String>(live);
    Collections.sort(sorted);
    collectors = sorted;
    current = shard(hostName, sorted.size());
    failures = 0;
  }

  /**
   * AMS's shard: a 31-based hash of the host name seeded with 11987, modulo the number of
   * collectors.
   */
  static int shard(String hostName, int count) {
    int hash = 11987;
    for (int i = 0; i < hostName.length(); i++) {
      hash = 31 * hash + hostName.charAt(i);
    }
    return Math.abs(hash % count);
  }

  String current() {
    return collectors.get(current);
  }

  List<String> all() {
    return Collections.unmodifiableList(collectors);
  }

  void succeeded() {
    failures = 0;
  }

  /** Records a failure; returns true when it moved on to the next collector. */
  boolean failed() {
    failures++;
    if (failures >= failoverAfter && collectors.size() > 1) {
      current = (current + 1) % collectors.size();
      failures = 0;
      return true;
    }
    return false;
  }
}
