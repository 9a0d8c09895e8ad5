package io.almanac.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.Await;
import io.almanac.collector.testing.CollectorProcess;
import io.almanac.collector.testing.HBaseProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors on one standalone HBase ({@code almanac hbase}), each its own process: they agree
 * on one leader, {@code /livenodes} lists both, and after a {@code kill -9} of the leader the other
 * one leads within the session timeout and {@code /livenodes} drops the dead one.
 */
class CollectorClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private CollectorProcess collector(String name, HBaseProcess hbase) throws Exception {
    Map<String, String> settings = new HashMap<>(hbase.collectorSettings());
    // the default session timeout, 15 s
    settings.put("almanac.http.advertised.host", "127.0.0.1");
    CollectorProcess collector = new CollectorProcess(dir.resolve(name), "512m", settings);
    started.add(collector);
    collector.start();
    return collector;
  }

  private static JsonNode cluster(CollectorProcess collector) throws Exception {
    HttpResponse<String> r = collector.client().get("/admin/cluster");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> liveNodes(CollectorProcess collector) throws Exception {
    HttpResponse<String> r = collector.client().get("/ws/v1/timeline/metrics/livenodes");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> nodes = new ArrayList<>();
    JSON.readTree(r.body()).forEach(n -> nodes.add(n.asText()));
    return nodes;
  }

  private static String address(CollectorProcess c) {
    return "127.0.0.1:" + c.port();
  }

  @Test
  void twoCollectorsAgreeOnOneLeaderAndTheSurvivorLeadsAfterAKill() throws Exception {
    HBaseProcess hbase = new HBaseProcess(dir.resolve("hbase"));
    started.add(hbase);
    hbase.start();
    CollectorProcess first = collector("first", hbase);
    CollectorProcess second = collector("second", hbase);
    List<CollectorProcess> both = List.of(first, second);
    List<String> addresses = List.of(address(first), address(second));

    Await.until(
        "both collectors to see both members and the same leader",
        Duration.ofSeconds(60),
        () -> {
          JsonNode a = cluster(first);
          JsonNode b = cluster(second);
          return a.get("members").size() == 2
              && b.get("members").size() == 2
              && !a.get("leader").asText().isEmpty()
              && a.get("leader").asText().equals(b.get("leader").asText());
        });
    JsonNode view = cluster(first);
    assertThat(view.get("self").asText()).isEqualTo(address(first));
    assertThat(cluster(second).get("self").asText()).isEqualTo(address(second));
    List<String> members = new ArrayList<>();
    view.get("members").forEach(m -> members.add(m.asText()));
    assertThat(members).containsExactlyInAnyOrderElementsOf(addresses);
    assertThat(view.get("epoch").asLong()).isGreaterThanOrEqualTo(1);
    for (CollectorProcess c : both) {
      assertThat(liveNodes(c)).containsExactlyInAnyOrderElementsOf(addresses);
    }

    String leaderAddress = view.get("leader").asText();
    long epoch = view.get("epoch").asLong();
    CollectorProcess leader = leaderAddress.equals(address(first)) ? first : second;
    CollectorProcess survivor = leader == first ? second : first;
    leader.kill();
    // It holds the latch once the dead one's session has expired, and then takes a new epoch.
    Duration failover =
        Await.until(
            "the survivor to lead in a new epoch",
            Duration.ofSeconds(60),
            () -> {
              JsonNode after = cluster(survivor);
              return after.get("leader").asText().equals(address(survivor))
                  && after.get("epoch").asLong() > epoch;
            });
    Await.until(
        "the dead collector to leave /livenodes",
        Duration.ofSeconds(60),
        () -> liveNodes(survivor).equals(List.of(address(survivor))));
    System.out.println("failover after kill -9: " + failover.toMillis() + " ms");
  }
}
