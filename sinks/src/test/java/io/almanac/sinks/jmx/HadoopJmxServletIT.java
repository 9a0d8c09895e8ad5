package io.almanac.sinks.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.sinks.emitter.SinkMetric;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.http.HttpServer2;
import org.junit.jupiter.api.Test;

/** The JMX sink against a real Hadoop HTTP server's {@code /jmx} servlet on loopback. */
class HadoopJmxServletIT {
  @Test
  void readsTheJsonOfAHadoopJmxServlet() throws Exception {
    Stats.register();
    HttpServer2 server =
        new HttpServer2.Builder()
            .setName("jmxtest")
            .setConf(new Configuration())
            .addEndpoint(URI.create("http://127.0.0.1:0"))
            .setFindPort(true)
            .build();
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getConnectorAddress(0).getPort() + "/jmx";
      JmxPoller poller =
          new JmxPoller(
              new HttpJmxSource(url, 10_000),
              "namenode",
              "nn1",
              "^almanac\\.test:|^java\\.lang:type=Memory$",
              null,
              null,
              null);
      List<SinkMetric> metrics = poller.poll(5);
      Map<String, Double> values = new TreeMap<>();
      metrics.forEach(m -> values.put(m.name(), m.points().get(5L)));
      assertThat(values)
          .containsEntry("almanac.test.Stats.one.Count", 42.0)
          .containsEntry("almanac.test.Stats.one.Ratio", 0.5)
          .containsKey("java.lang.Memory.HeapMemoryUsage.used")
          .doesNotContainKey("almanac.test.Stats.one.Label");
    } finally {
      server.stop();
    }
  }
}
