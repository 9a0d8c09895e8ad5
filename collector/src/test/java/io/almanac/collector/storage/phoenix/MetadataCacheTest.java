package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.model.MetricKey;
import io.almanac.model.store.MetricDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AtomicLong writes = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final MetadataCache cache = cache(Runnable::run);

  /** A cache whose n-th read lists metric mn and host hn; refreshed on {@code refresher}. */
  private MetadataCache cache(java.util.concurrent.Executor refresher) {
    return new MetadataCache(
        now::get,
        writes::get,
        () -> {
          int n = reads.incrementAndGet();
          return new MetadataCache.Snapshot(
              List.of(new MetricDescriptor(new MetricKey("m" + n, "app", ""), "", "", 0, true)),
              Map.of("h" + n, new TreeSet<>(Set.of("app"))),
              Map.of());
        },
        refresher);
  }

  @Test
  void repeatedListingsReadTheTablesOnce() {
    assertThat(cache.get().metrics().get(0).key().metricName()).isEqualTo("m1");
    now.addAndGet(SeriesCatalog.REFRESH_MS - 1);
    assertThat(cache.get().appsByHost()).containsOnlyKeys("h1");
    assertThat(reads).hasValue(1);
  }

  @Test
  void aMetadataWriteOfThisCollectorIsListedAtOnce() {
    cache.get();
    writes.incrementAndGet();
    assertThat(cache.get().metrics().get(0).key().metricName()).isEqualTo("m2");
    assertThat(cache.get().metrics().get(0).key().metricName()).isEqualTo("m2");
    assertThat(reads).hasValue(2);
  }

  @Test
  void whatAnotherCollectorWroteIsListedOnceTheRefreshTimeHasPassed() {
    cache.get();
    now.addAndGet(SeriesCatalog.REFRESH_MS);
    assertThat(cache.get().appsByHost()).containsOnlyKeys("h2");
  }

  @Test
  void aWriteDuringTheReadMakesTheNextListingReadAgain() {
    MetadataCache racing =
        new MetadataCache(
            now::get,
            writes::get,
            () -> {
              reads.incrementAndGet();
              writes.incrementAndGet(); // the writer commits while the tables are being read
              return new MetadataCache.Snapshot(List.of(), Map.of(), Map.of());
            });
    racing.get();
    racing.get();
    assertThat(reads).hasValue(2);
  }

  @Test
  void listingsCannotBeChangedByTheirReaders() {
    MetadataCache.Snapshot s = cache.get();
    assertThatThrownBy(() -> s.appsByHost().get("h1").add("other"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.metrics().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withARefresherAnOldListingIsReadAgainThereWhileRequestsGoOn() {
    List<Runnable> queued = new java.util.ArrayList<>();
    MetadataCache background = cache(queued::add);
    assertThat(background.get().appsByHost()).containsOnlyKeys("h1"); // the first read: its own
    now.addAndGet(SeriesCatalog.REFRESH_MS);
    assertThat(background.get().appsByHost()).containsOnlyKeys("h1"); // not waited for
    assertThat(background.get().appsByHost()).containsOnlyKeys("h1");
    assertThat(queued).hasSize(1);
    assertThat(reads).hasValue(1);

    queued.remove(0).run();
    assertThat(background.get().appsByHost()).containsOnlyKeys("h2");

    writes.incrementAndGet(); // a write of this collector is listed at once, refresher or not
    assertThat(background.get().appsByHost()).containsOnlyKeys("h3");
    assertThat(queued).isEmpty();
  }
}
