package io.almanac.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.TimelineMetric;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MetricsJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private final Workload w = new Workload(3, 10, 2, 1_795_000_000_000L);

  @Test
  void aWorkloadInPastHoursEndsBeforeTheHourInProgress() {
    long hour = 3_600_000L;
    long elevenFifteen = 1_795_000_000_000L / hour * hour + 15 * 60_000L;
    // ten minutes a quarter past: the hour before, not the one in progress (never sealed)
    Workload xs = Workload.inPastHours(Tier.XS, elevenFifteen);
    assertThat(xs.startMs()).isEqualTo(elevenFifteen - 15 * 60_000L - hour);
    assertThat(xs.endMs()).isLessThanOrEqualTo(elevenFifteen / hour * hour);
    // an hour: the whole hour before
    Workload s = Workload.inPastHours(Tier.S, elevenFifteen);
    assertThat(s.startMs()).isEqualTo(elevenFifteen / hour * hour - hour);
    assertThat(s.endMs()).isEqualTo(elevenFifteen / hour * hour);
    // two minutes past: the hour before that, five minutes back at least
    long elevenTwo = elevenFifteen - 13 * 60_000L;
    assertThat(Workload.inPastHours(Tier.S, elevenTwo).endMs())
        .isEqualTo(elevenTwo / hour * hour - hour);
    for (long now = elevenTwo; now < elevenTwo + 2 * hour; now += 60_000L) {
      Workload w = Workload.inPastHours(Tier.XS, now);
      assertThat(w.startMs() % hour).isZero();
      assertThat(w.endMs())
          .isLessThanOrEqualTo(now / hour * hour)
          .isLessThanOrEqualTo(now - 5 * 60_000L);
    }
  }

  @Test
  void valuesAreDeterministicAndFollowTheirKind() {
    assertThat(Workload.value(2, 4, 17)).isEqualTo(Workload.value(2, 4, 17));
    assertThat(Workload.kind(0)).isEqualTo("counter");
    assertThat(Workload.kind(4)).isEqualTo("gauge");
    assertThat(Workload.kind(7)).isEqualTo("noisy");
    assertThat(Workload.kind(8)).isEqualTo("constant");
    assertThat(Workload.value(1, 0, 5)).isGreaterThan(Workload.value(1, 0, 4)); // counters grow
    assertThat(Workload.value(1, 8, 0)).isEqualTo(Workload.value(1, 8, 99)); // constants stay
  }

  @Test
  void amsPostsAreHadoopSinkShapedAndCarryEveryPoint() {
    List<byte[]> posts = w.amsPosts();
    assertThat(posts).hasSize(3 * 2);
    MetricsJson codec = new MetricsJson();
    long points = 0;
    for (byte[] body : posts) {
      DecodedBatch batch = codec.decode(body);
      assertThat(batch.problems()).isEmpty();
      assertThat(batch.metrics())
          .hasSize(10)
          .allSatisfy(m -> assertThat(m.points().size()).isEqualTo(6));
      points += batch.metrics().stream().mapToInt(m -> m.points().size()).sum();
    }
    assertThat(points).isEqualTo(w.points());
    TimelineMetric first = codec.decode(posts.get(0)).metrics().get(4);
    assertThat(first.points().value(3)).isEqualTo(Workload.value(0, 4, 3));
  }

  @Test
  void victoriaImportsCarryTheSamePoints() {
    List<byte[]> imports = w.victoriaImports();
    assertThat(imports).hasSize(6);
    String firstBody = new String(imports.get(0), StandardCharsets.UTF_8);
    assertThat(firstBody.split("\n")).hasSize(10);
    assertThat(firstBody)
        .contains("\"__name__\":\"metric_004\"")
        .contains("\"hostname\":\"host0000\"")
        .contains(String.valueOf(Workload.value(0, 4, 3)));
  }
}
