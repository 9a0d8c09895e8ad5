package io.almanac.collector.storage.phoenix;

import io.almanac.model.store.MetricDescriptor;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * What the listing requests read of the metadata tables (every metric, the host-app and the
 * instance-host pairs), read together and kept while it is current: younger than {@link
 * SeriesCatalog#REFRESH_MS}, with no metadata written by this collector since it was read. So what
 * is posted here is listed at once, what another collector on the same HBase adds within the
 * refresh time, and a listing costs no statement while nothing changes (three Phoenix queries per
 * request before: most of the time of AMS's metadata and of Prometheus' label-values requests).
 * Given a refresher, a cache that is only old (nothing written here since) is read again there, and
 * requests go on with what it holds meanwhile. Thread-safe; only the first request and one that
 * finds a write of this collector not read yet wait for the tables.
 */
final class MetadataCache {
  /** The tables' contents, unmodifiable. */
  record Snapshot(
      List<MetricDescriptor> metrics,
      Map<String, Set<String>> appsByHost,
      Map<String, Set<String>> hostsByInstance) {
    Snapshot {
      metrics = List.copyOf(metrics);
      appsByHost = frozen(appsByHost);
      hostsByInstance = frozen(hostsByInstance);
    }

    private static Map<String, Set<String>> frozen(Map<String, Set<String>> pairs) {
      Map<String, Set<String>> copy = new TreeMap<>();
      pairs.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(v)));
      return Collections.unmodifiableMap(copy);
    }
  }

  /** Reads the tables. */
  @FunctionalInterface
  interface Reader {
    Snapshot read();
  }

  private record Held(Snapshot snapshot, long writes, long readAt) {}

  private final LongSupplier clock;
  private final LongSupplier writes;
  private final Reader reader;
  private final BackgroundRefresh refresh;
  private volatile Held held;

  /**
   * A cache of what {@code reader} reads, stale once {@code writes} (this collector's count of
   * metadata commits) has moved or {@link SeriesCatalog#REFRESH_MS} has passed on {@code clock};
   * the request that finds it stale reads it again.
   */
  MetadataCache(LongSupplier clock, LongSupplier writes, Reader reader) {
    this(clock, writes, reader, Runnable::run);
  }

  /**
   * As {@link #MetadataCache(LongSupplier, LongSupplier, Reader)}, but a cache that is only old is
   * read again on {@code refresher}.
   */
  MetadataCache(LongSupplier clock, LongSupplier writes, Reader reader, Executor refresher) {
    this.clock = clock;
    this.writes = writes;
    this.reader = reader;
    this.refresh = new BackgroundRefresh("Metadata", refresher, this::read);
  }

  /** The tables' contents, read again when stale. */
  Snapshot get() {
    Held known = held;
    if (hasEveryWrite(known)) {
      if (clock.getAsLong() - known.readAt() >= SeriesCatalog.REFRESH_MS) {
        refresh.request();
      }
      return held.snapshot();
    }
    synchronized (this) {
      known = held;
      if (hasEveryWrite(known)) {
        return known.snapshot(); // another request read them meanwhile
      }
      return read().snapshot();
    }
  }

  /** Reads the tables and keeps what was read, unless a read begun later was kept meanwhile. */
  private synchronized Held read() {
    // taken before the read: a write during it makes the next request read again
    long writesBefore = writes.getAsLong();
    long readAt = clock.getAsLong();
    Held fresh = new Held(reader.read(), writesBefore, readAt);
    if (held == null || held.readAt() <= readAt) {
      held = fresh;
    }
    return held;
  }

  /** Whether {@code known} was read after this collector's last metadata write. */
  private boolean hasEveryWrite(Held known) {
    return known != null && known.writes() == writes.getAsLong();
  }
}
