package io.almanac.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {
  private final MetricsJson json = new MetricsJson();

  private DecodedBatch decode(String body) {
    return json.decode(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesTheAmsSmokeTestPayload() {
    DecodedBatch batch =
        decode(
            "{\"metrics\":[{\"metricname\":\"AMBARI_METRICS.SmokeTest.FakeMetric\",\"appid\":\"amssmoketestfake\","
                + "\"hostname\":\"h1\",\"timestamp\":1432075898000,\"starttime\":1432075898000,"
                + "\"metrics\":{\"1432075898000\":0.963781711428,\"1432075899000\":1432075898000}}]}");
    assertThat(batch.problems()).isEmpty();
    TimelineMetric m = batch.metrics().get(0);
    assertThat(m.metricName()).isEqualTo("AMBARI_METRICS.SmokeTest.FakeMetric");
    assertThat(m.appId()).isEqualTo("amssmoketestfake");
    assertThat(m.instanceId()).isNull();
    assertThat(m.timestamp()).isEqualTo(1432075898000L);
    assertThat(m.points().toMap())
        .containsEntry(1432075898000L, 0.963781711428)
        .containsEntry(1432075899000L, 1.432075898E12);
  }

  @Test
  void roundTripKeepsEveryFieldAndLeavesNullsOut() {
    TimelineMetric full =
        new TimelineMetric(
            "cpu_user",
            "HOST",
            "c1",
            "h1",
            0,
            1000,
            "GAUGE",
            "%",
            Points.of(new long[] {1000, 2000}, new double[] {1.5, Double.NaN}),
            Map.of("skipAggregation", "true"));
    TimelineMetric bare =
        TimelineMetric.of("m", "app", "h2", Points.of(new long[] {5}, new double[] {-2}));
    byte[] bytes = json.toBytes(new TimelineMetrics(List.of(full, bare)));
    String text = new String(bytes, StandardCharsets.UTF_8);

    assertThat(text)
        .doesNotContain("null")
        .contains("\"metricname\":\"m\",\"appid\":\"app\",\"hostname\":\"h2\"");
    DecodedBatch back = json.decode(bytes);
    assertThat(back.problems()).isEmpty();
    assertThat(back.metrics()).containsExactly(full, bare);
  }

  @Test
  void toleratesUnknownFieldsAnywhere() {
    DecodedBatch batch =
        decode(
            "{\"extra\":[1,{\"a\":2}],\"metrics\":[{\"metricname\":\"m\",\"appid\":\"a\","
                + "\"hostname\":\"h\",\"future\":{\"x\":[1,2]},\"metrics\":{\"1\":1}}],\"tail\":true}");
    assertThat(batch.problems()).isEmpty();
    assertThat(batch.metrics()).hasSize(1);
  }

  @Test
  void aValueThatIsNotANumberSpoilsOnlyItsMetric() {
    DecodedBatch batch =
        decode(
            "{\"metrics\":["
                + "{\"metricname\":\"good\",\"appid\":\"a\",\"hostname\":\"h\",\"metrics\":{\"1\":1,\"2\":\"2.5\"}},"
                + "{\"metricname\":\"bad\",\"appid\":\"a\",\"hostname\":\"h\",\"metrics\":{\"1\":\"abc\",\"2\":{\"x\":1}}},"
                + "{\"metricname\":\"good2\",\"appid\":\"a\",\"hostname\":\"h\",\"metrics\":{\"3\":3}}]}");
    assertThat(batch.metrics())
        .extracting(TimelineMetric::metricName)
        .containsExactly("good", "good2");
    assertThat(batch.indexes()).containsExactly(0, 2);
    assertThat(batch.metrics().get(0).points().toMap()).containsEntry(2L, 2.5);
    assertThat(batch.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.index()).isEqualTo(1);
              assertThat(p.metricName()).isEqualTo("bad");
              assertThat(p.reason()).contains("not a number").contains("abc");
            });
  }

  @Test
  void aTimestampKeyThatIsNotAnIntegerIsAProblem() {
    DecodedBatch batch =
        decode(
            "{\"metrics\":[{\"metricname\":\"m\",\"appid\":\"a\",\"hostname\":\"h\","
                + "\"metrics\":{\"yesterday\":1}}]}");
    assertThat(batch.metrics()).isEmpty();
    assertThat(batch.problems().get(0).reason()).contains("yesterday");
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThatThrownBy(() -> decode("{\"metrics\":[{\"metricname\":\"m\",}"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> decode("[1,2]"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("expected an object");
    assertThatThrownBy(() -> decode("")).isInstanceOf(MalformedMetricsException.class);
    assertThatThrownBy(() -> decode("{\"metrics\":[]} trailing"))
        .isInstanceOf(MalformedMetricsException.class);
  }

  @Test
  void startTimeDefaultsToTheFirstPoint() {
    DecodedBatch batch =
        decode(
            "{\"metrics\":[{\"metricname\":\"m\",\"appid\":\"a\",\"hostname\":\"h\","
                + "\"metrics\":{\"20\":1,\"10\":2}}]}");
    assertThat(batch.metrics().get(0).startTime()).isEqualTo(10);
  }

  @Test
  void aBodyWithoutAMetricsArrayIsMalformed() {
    assertThatThrownBy(() -> decode("{}"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("no \"metrics\" array");
    assertThatThrownBy(() -> decode("{\"other\":[1]}"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("no \"metrics\" array");
    assertThatThrownBy(() -> decode("{\"metrics\":null}"))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("\"metrics\" must be an array but is null");
    assertThat(decode("{\"metrics\":[]}").metrics()).isEmpty();
  }

  @Test
  void aByteOrderMarkBeforeTheBodyIsSkipped() {
    byte[] body =
        "\uFEFF{\"metrics\":[{\"metricname\":\"m\",\"appid\":\"a\",\"hostname\":\"h\",\"metrics\":{\"5\":1}}]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(body[0]).isEqualTo((byte) 0xEF);
    assertThat(json.decode(body).metrics())
        .singleElement()
        .satisfies(m -> assertThat(m.metricName()).isEqualTo("m"));
    assertThat(json.decode(new java.io.ByteArrayInputStream(body)).metrics()).hasSize(1);
  }
}
