package io.almanac.collector.cluster;

import java.util.List;

/** A collector alone on its store (the embedded HBase): always the leader, in epoch 1. */
public final class SoloCluster implements CollectorCluster {
  private final String self;

  /** A cluster of just {@code self} ({@code host:port}). */
  public SoloCluster(String self) {
    this.self = self;
  }

  @Override
  public boolean leading() {
    return true;
  }

  @Override
  public long epoch() {
    return 1;
  }

  @Override
  public ClusterView view() {
    return new ClusterView(self, self, List.of(self), 1);
  }

  @Override
  public void close() {}
}
