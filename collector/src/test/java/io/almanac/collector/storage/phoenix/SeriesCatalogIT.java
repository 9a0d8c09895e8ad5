package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesSelector;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-memory catalogue answers every selector as the metadata statements do, finds at once what
 * another collector wrote when a selector names it, and sees another collector's new host of a
 * known metric after its refresh interval.
 */
@ExtendWith(SharedCollector.class)
class SeriesCatalogIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final PhoenixConnector connector =
      new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");

  private SeriesBatch batch(String metric, String app, String instance, String host) {
    long now = System.currentTimeMillis();
    return new SeriesBatch(
        SeriesKey.of(metric, app, instance, host),
        null,
        "GAUGE",
        true,
        Points.of(new long[] {now}, new double[] {1}));
  }

  private void write(SeriesBatch... batches) {
    try (PhoenixMetricStore other = new PhoenixMetricStore(connector, true)) {
      other.write(List.of(batches));
    }
  }

  @Test
  void answersEverySelectorAsTheMetadataTablesDo() throws Exception {
    String cpu = "cat." + run + ".cpu_user";
    String idle = "cat." + run + ".cpu_idle";
    String mem = "cat." + run + ".mem";
    String h1 = "h1." + run;
    String h2 = "h2." + run;
    String h3 = "h_3." + run;
    write(
        batch(cpu, "HOST", null, h1),
        batch(cpu, "HOST", null, h2),
        batch(idle, "HOST", null, h3),
        batch(mem, "hbase", "i1", h1),
        batch(mem, "hbase", "i2", h2),
        batch(mem, "hbase", null, h3),
        batch(cpu, "yarn", null, h3));
    SeriesCatalog catalog = new SeriesCatalog(System::currentTimeMillis);
    List<SeriesSelector> selectors = new ArrayList<>();
    for (List<String> names :
        List.of(
            List.of(cpu),
            List.of(cpu, mem),
            List.of("cat." + run + ".cpu%"),
            List.of("cat." + run + ".cpu_%"),
            List.of("cat." + run + "%"),
            List.of("%" + run + ".mem"))) {
      for (List<String> hosts :
          List.of(List.<String>of(), List.of(h1), List.of(h1, h3), List.of("h%." + run))) {
        for (String app : new String[] {null, "HOST", "hbase", "h%"}) {
          for (String instance : new String[] {null, "%", "", "i1", "i%"}) {
            selectors.add(new SeriesSelector(names, hosts, app, instance));
          }
        }
      }
    }
    try (Connection c = connector.open()) {
      int nonEmpty = 0;
      for (SeriesSelector s : selectors) {
        SeriesResolver.Resolved expected = SeriesResolver.resolve(c, s);
        assertThat(catalog.resolve(c, s)).as(s.toString()).isEqualTo(expected);
        assertThat(catalog.metrics(c, s)).as(s.toString()).isEqualTo(SeriesResolver.metrics(c, s));
        assertThat(catalog.countSeries(connector, s))
            .as(s.toString())
            .isEqualTo(
                s.hostNames().isEmpty()
                    ? SeriesResolver.metrics(c, s).size()
                    : SeriesResolver.countHostSeries(c, s));
        nonEmpty += expected.isEmpty() ? 0 : 1;
      }
      assertThat(nonEmpty).as("selectors that find something").isGreaterThan(100);
      // Only selectors naming something absent (a missing exact name, a pattern matching
      // nothing) go to the tables; the others are answered from memory.
      assertThat(catalog.fallbacks()).isPositive().isLessThan(3L * selectors.size());
      long before = catalog.fallbacks();
      SeriesSelector known = new SeriesSelector(List.of(cpu, mem), List.of("h%." + run), null, "%");
      assertThat(catalog.resolve(c, known).hosts().values()).containsExactlyInAnyOrder(h1, h2, h3);
      // Hosts are counted per app: cpu of HOST on h1, h2, h3 (which reports HOST's cpu_idle), of
      // yarn on h3; mem of hbase (instances i1, i2, none) on h1, h2, h3 each.
      assertThat(catalog.countSeries(connector, known)).isEqualTo(3 + 1 + 3 * 3);
      assertThat(catalog.fallbacks()).isEqualTo(before);
      // Counted from memory, no connection opened (this connector's would fail): cpu of HOST
      // and of yarn, mem of hbase's three instances.
      SeriesCatalog loaded = new SeriesCatalog(System::currentTimeMillis);
      loaded.resolve(c, known);
      PhoenixConnector unreachable = new PhoenixConnector("127.0.0.1", 1, "/hbase");
      assertThat(loaded.countSeries(unreachable, known)).isEqualTo(3 + 1 + 3 * 3);
      SeriesSelector noHosts = new SeriesSelector(List.of(cpu, mem), List.of(), null, "%");
      assertThat(loaded.countSeries(unreachable, noHosts)).isEqualTo(5);
    }
  }

  @Test
  void findsAtOnceWhatAnotherCollectorWroteAndItsNewHostsAfterTheRefresh() throws Exception {
    String app = "app-" + run; // hosts are listed per app: one of this test's own
    String metric = "cat." + run + ".other";
    write(batch(metric, app, null, "a." + run));
    AtomicLong now = new AtomicLong(System.currentTimeMillis());
    SeriesCatalog catalog = new SeriesCatalog(now::get);
    SeriesSelector anyHost = new SeriesSelector(List.of(metric), List.of(), app, null);
    try (Connection c = connector.open()) {
      assertThat(catalog.resolve(c, anyHost).hosts().values())
          .containsExactlyInAnyOrder("a." + run);

      String fresh = "cat." + run + ".fresh";
      write(batch(fresh, app, null, "a." + run));
      assertThat(
              catalog
                  .resolve(c, new SeriesSelector(List.of(fresh), List.of(), app, null))
                  .metrics())
          .hasSize(1); // named, so not found in memory: read from the tables

      write(batch(metric, app, null, "b." + run));
      assertThat(catalog.resolve(c, anyHost).hosts().values())
          .containsExactlyInAnyOrder("a." + run);
      assertThat(
              catalog
                  .resolve(c, new SeriesSelector(List.of(metric), List.of("b." + run), null, null))
                  .hosts()
                  .values())
          .containsExactlyInAnyOrder("b." + run); // named host: read from the tables
      now.addAndGet(SeriesCatalog.REFRESH_MS);
      assertThat(catalog.resolve(c, anyHost).hosts().values())
          .containsExactlyInAnyOrder("a." + run, "b." + run);
    }
  }

  @Test
  void whatTheWriterStoresIsKnownWithoutReadingTheTables() throws Exception {
    AtomicLong now = new AtomicLong(System.currentTimeMillis());
    SeriesCatalog catalog = new SeriesCatalog(now::get);
    String app = "learnt-" + run;
    String metric = "cat." + run + ".learnt";
    try (Connection c = connector.open()) {
      SeriesSelector anyHost = new SeriesSelector(List.of(metric + "%"), List.of(), null, null);
      catalog.resolve(c, anyHost); // loads the catalogue (nothing matches yet)
      try (PhoenixWriter writer =
          new PhoenixWriter(
              connector, true, HBaseTables.PHOENIX, catalog::learn, (first, last) -> {})) {
        writer.write(List.of(batch(metric, app, null, "x." + run)));
      }
      write(batch(metric, app, null, "y." + run)); // another collector, not told
      // The pattern matches the learnt series, so the tables are not read: only x is known yet.
      assertThat(catalog.resolve(c, anyHost).hosts().values())
          .containsExactlyInAnyOrder("x." + run);
    }
  }

  @Test
  void withARefresherQueriesGoOnWithWhatIsInMemoryWhileItIsReadAgain() throws Exception {
    String app = "bg-" + run;
    String metric = "cat." + run + ".bg";
    write(batch(metric, app, null, "a." + run));
    AtomicLong now = new AtomicLong(System.currentTimeMillis());
    List<Runnable> queued = new java.util.ArrayList<>();
    SeriesCatalog catalog = new SeriesCatalog(now::get, queued::add, connector);
    SeriesSelector anyHost = new SeriesSelector(List.of(metric), List.of(), app, null);
    try (Connection c = connector.open()) {
      assertThat(catalog.resolve(c, anyHost).hosts().values())
          .containsExactlyInAnyOrder("a." + run); // the first read is the query's own
      assertThat(queued).isEmpty();

      write(batch(metric, app, null, "b." + run)); // another collector's new host
      now.addAndGet(SeriesCatalog.REFRESH_MS);
      assertThat(catalog.resolve(c, anyHost).hosts().values())
          .containsExactlyInAnyOrder("a." + run); // not waited for
      assertThat(catalog.metricNames(connector)).contains(metric);
      assertThat(queued).hasSize(1); // one read again, however many queries find it old

      queued.remove(0).run();
      assertThat(catalog.resolve(c, anyHost).hosts().values())
          .containsExactlyInAnyOrder("a." + run, "b." + run);
      assertThat(queued).isEmpty();
    }
  }
}
