package io.almanac.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path f = dir.resolve("almanac.properties");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void defaultsFollowAms() {
    CollectorConfig c = ConfigLoader.load(null, Map.of());
    assertThat(c.http().port()).isEqualTo(6188);
    assertThat(c.http().bind()).isEqualTo("0.0.0.0");
    assertThat(c.storage().mode()).isEqualTo(StorageMode.EMBEDDED);
    assertThat(c.storage().dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.query().resultLimit()).isEqualTo(5760);
    assertThat(c.schema().ttl(Table.METRIC_RECORD_MINUTE)).isEqualTo(604_800);
    assertThat(c.ingest().earliestTimestampMs()).isEqualTo(946_684_800_000L);
    assertThat(c.ingest().maxAhead()).isEqualTo(Duration.ofDays(1));
    assertThat(c.ingest().bufferPoints())
        .isEqualTo(Math.max(100_000, Runtime.getRuntime().maxMemory() / 512));
    assertThat(
            ConfigLoader.load(null, Map.of(ConfigKeys.BUFFER_POINTS.name(), "5000"))
                .ingest()
                .bufferPoints())
        .isEqualTo(5000);
  }

  @Test
  void theTimestampWindowTakesDatesInstantsAndMilliseconds() {
    assertThat(
            ConfigLoader.load(null, Map.of(ConfigKeys.EARLIEST_TIMESTAMP.name(), "2020-06-01"))
                .ingest()
                .earliestTimestampMs())
        .isEqualTo(1_590_969_600_000L);
    assertThat(
            ConfigLoader.load(
                    null, Map.of(ConfigKeys.EARLIEST_TIMESTAMP.name(), "2020-06-01T00:00:01Z"))
                .ingest()
                .earliestTimestampMs())
        .isEqualTo(1_590_969_601_000L);
    assertThat(
            ConfigLoader.load(null, Map.of(ConfigKeys.EARLIEST_TIMESTAMP.name(), "5"))
                .ingest()
                .earliestTimestampMs())
        .isEqualTo(5);
    assertThat(
            ConfigLoader.load(null, Map.of(ConfigKeys.MAX_AHEAD.name(), "2h")).ingest().maxAhead())
        .isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(
            () ->
                ConfigLoader.load(null, Map.of(ConfigKeys.EARLIEST_TIMESTAMP.name(), "yesterday")))
        .hasMessageContaining("almanac.ingest.timestamp.earliest must be a date like 2000-01-01");
  }

  @Test
  void shippedConfigFileIsTheOneRenderedFromTheKeyDeclarations() throws IOException {
    Path shipped = Path.of("..", "conf", "almanac.properties");
    String rendered = ConfigFile.render();
    Path fresh = Path.of("target", "almanac.properties");
    Files.writeString(fresh, rendered);
    assertThat(Files.readString(shipped))
        .as("conf/almanac.properties differs from the key declarations: copy collector/" + fresh)
        .isEqualTo(rendered);
    Properties props = new Properties();
    try (var in = Files.newInputStream(shipped)) {
      props.load(in);
    }
    for (ConfigKey key : ConfigKeys.all()) {
      assertThat(props.getProperty(key.name())).as(key.name()).isEqualTo(key.defaultValue());
    }
    assertThat(props).hasSameSizeAs(ConfigKeys.all());
    assertThat(ConfigLoader.load(shipped, Map.of())).isEqualTo(ConfigLoader.load(null, Map.of()));
  }

  @Test
  void everyKeyIsDeclaredOnceAndItsDefaultIsValid() {
    assertThat(ConfigKeys.all()).extracting(ConfigKey::name).doesNotHaveDuplicates();
    for (ConfigKey key : ConfigKeys.all()) {
      // loading the default alone, given explicitly, raises no error
      assertThat(ConfigLoader.load(null, Map.of(key.name(), key.defaultValue())))
          .as(key.name())
          .isEqualTo(ConfigLoader.load(null, Map.of()));
    }
    assertThat(ConfigFile.wrap("a ".repeat(120)))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(98));
  }

  @Test
  void amsKeysAndTypedValuesAreRead() throws IOException {
    CollectorConfig c =
        ConfigLoader.load(
            file(
                String.join(
                    "\n",
                    "timeline.metrics.service.webapp.address=127.0.0.1:7000",
                    "timeline.metrics.host.aggregator.ttl=3600",
                    "almanac.ingest.max.request.size=2m",
                    "almanac.ingest.commit.timeout=1500ms",
                    "almanac.storage.mode=Distributed",
                    "almanac.storage.zookeeper.quorum=zk1,zk2")),
            Map.of());
    assertThat(c.http().bind()).isEqualTo("127.0.0.1");
    assertThat(c.http().port()).isEqualTo(7000);
    assertThat(c.schema().ttl(Table.METRIC_RECORD)).isEqualTo(3600);
    assertThat(c.ingest().maxRequestBytes()).isEqualTo(2 << 20);
    assertThat(c.ingest().commitTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.storage().mode()).isEqualTo(StorageMode.DISTRIBUTED);
    assertThat(c.storage().zookeeperQuorum()).isEqualTo("zk1,zk2");
  }

  @Test
  void unknownKeysAndBadValuesAreAllReportedByName() throws IOException {
    Path f =
        file(
            String.join(
                "\n",
                "timeline.metrics.host.aggregator.tll=3600",
                "almanac.ingest.buffer.points=lots",
                "almanac.storage.mode=distributed"));
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(3))
        .hasMessageContaining("unknown key 'timeline.metrics.host.aggregator.tll'")
        .hasMessageContaining("did you mean 'timeline.metrics.host.aggregator.ttl'")
        .hasMessageContaining(
            "almanac.ingest.buffer.points must be a number of points or auto, got 'lots'")
        .hasMessageContaining("almanac.storage.zookeeper.quorum is required");
  }

  @Test
  void sealingIsOnByDefaultOnlyOnTheEmbeddedHBase() {
    Map<String, String> distributed =
        Map.of("almanac.storage.mode", "distributed", "almanac.storage.zookeeper.quorum", "zk1");
    assertThat(ConfigLoader.load(null, Map.of()).storage().seal()).isTrue();
    assertThat(ConfigLoader.load(null, distributed).storage().seal()).isFalse();
    Map<String, String> optedIn = new java.util.HashMap<>(distributed);
    optedIn.put("almanac.storage.seal", "true");
    assertThat(ConfigLoader.load(null, optedIn).storage().seal()).isTrue();
    assertThat(ConfigLoader.load(null, Map.of("almanac.storage.seal", "false")).storage().seal())
        .isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("almanac.storage.seal", "yes")))
        .hasMessageContaining("almanac.storage.seal must be auto, true or false, got 'yes'");
  }

  @Test
  void overridesWinOverTheFile() throws IOException {
    CollectorConfig c =
        ConfigLoader.load(
            file("almanac.data.dir=/var/lib/a"), Map.of(ConfigKeys.DATA_DIR.name(), "/srv/b"));
    assertThat(c.storage().dataDir()).isEqualTo(Path.of("/srv/b"));
  }

  @Test
  void nonPositiveTtlIsRefused() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("timeline.metrics.host.aggregator.ttl", "0")))
        .hasMessageContaining("timeline.metrics.host.aggregator.ttl must be positive");
  }

  @Test
  void theAdvertisedHostIsTheConfiguredOneOrThisMachinesName() {
    assertThat(
            ConfigLoader.load(
                    null, Map.of(ConfigKeys.ADVERTISED_HOST.name(), "metrics.example.org"))
                .http()
                .advertisedHostName())
        .isEqualTo("metrics.example.org");
    String machine = ConfigLoader.load(null, Map.of()).http().advertisedHostName();
    assertThat(machine).isEqualTo(LocalHostName.get()).isNotBlank();
    assertThat(ConfigLoader.load(null, Map.of()).query().maxPoints()).isEqualTo(10_000_000L);
  }

  @Test
  void theRequestLogIsOffByDefaultAndItsDirectoryMustExist() {
    assertThat(ConfigLoader.load(null, Map.of()).http().requestLog()).isNull();
    Path log = dir.resolve("requests.log");
    assertThat(
            ConfigLoader.load(null, Map.of(ConfigKeys.REQUEST_LOG.name(), log.toString()))
                .http()
                .requestLog())
        .isEqualTo(log);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null,
                    Map.of(
                        ConfigKeys.REQUEST_LOG.name(),
                        dir.resolve("no/such/requests.log").toString())))
        .hasMessageContaining("almanac.http.request.log: no directory");
  }
}
