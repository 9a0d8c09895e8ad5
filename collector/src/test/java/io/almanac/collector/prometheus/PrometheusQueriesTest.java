package io.almanac.collector.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.model.MetricKey;
import io.almanac.model.store.MetadataReader;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.SeriesIds;
import io.almanac.promql.PromQlException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Label listings over more series than a series listing may answer. */
class PrometheusQueriesTest {
  private static final int HOSTS = 60_000;

  /** Two metrics of app "big" on 60,000 hosts (120,000 series), one of app "small" on h7. */
  private static final MetadataReader METADATA =
      new MetadataReader() {
        private final Map<String, Set<String>> apps = new HashMap<>();

        {
          for (int h = 0; h < HOSTS; h++) {
            apps.put("h" + h, h == 7 ? Set.of("big", "small") : Set.of("big"));
          }
        }

        @Override
        public List<MetricDescriptor> metrics() {
          return List.of(
              descriptor("m1", "big"), descriptor("m2", "big"), descriptor("lone", "small"));
        }

        @Override
        public Map<String, Set<String>> appsByHost() {
          return apps;
        }

        @Override
        public Map<String, Set<String>> hostsByInstance() {
          return Map.of();
        }

        @Override
        public Optional<SeriesIds> seriesIds(MetricKey metric, String hostName) {
          return Optional.empty();
        }
      };

  private static MetricDescriptor descriptor(String name, String app) {
    return new MetricDescriptor(new MetricKey(name, app, null), null, "GAUGE", 0, true);
  }

  private final PrometheusQueries queries = new PrometheusQueries(null, METADATA, null, 1_000);

  @Test
  void labelValuesAndNamesOfAnAppWithMoreSeriesThanAListingMayHold() {
    List<String> match = List.of("{appid=\"big\"}");
    assertThatThrownBy(() -> queries.series(match))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("more than 100000 series");
    assertThat(queries.labelValues("__name__", match)).containsExactly("m1", "m2");
    assertThat(queries.labelValues("appid", match)).containsExactly("big");
    assertThat(queries.labelNames(match)).containsExactly("__name__", "appid", "hostname");
    assertThat(queries.labelValues("hostname", List.of("{__name__=\"m1\"}"))).hasSize(HOSTS);
  }

  @Test
  void aHostMatcherStillSelectsByHost() {
    assertThat(queries.labelValues("__name__", List.of("{hostname=\"h7\"}")))
        .containsExactly("lone", "m1", "m2");
    assertThat(queries.labelValues("__name__", List.of("{hostname=\"h8\"}")))
        .containsExactly("m1", "m2");
    assertThat(queries.labelValues("appid", List.of("{hostname=~\"h7|h9\", appid!=\"big\"}")))
        .containsExactly("small");
    assertThat(queries.labelValues("__name__", List.of("{appid=\"none\"}"))).isEmpty();
  }
}
