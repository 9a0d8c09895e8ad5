package io.almanac.sinks.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorChooserTest {
  @Test
  void aHostSticksToOneCollectorOfTheSortedList() {
    CollectorChooser a = new CollectorChooser(List.of("c2", "c1", "c3"), "worker17", 3);
    CollectorChooser b = new CollectorChooser(List.of("c3", "c2", "c1"), "worker17", 3);
    assertThat(a.current()).isEqualTo(b.current());
    assertThat(a.all()).containsExactly("c1", "c2", "c3");
    assertThat(CollectorChooser.shard("worker17", 3)).isBetween(0, 2);
  }

  @Test
  void hostsSpreadOverCollectors() {
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .map(i -> CollectorChooser.shard("host" + i, 4))
            .distinct()
            .count();
    assertThat(distinct).isEqualTo(4);
  }

  @Test
  void failsOverAfterTheConfiguredNumberOfFailures() {
    CollectorChooser c = new CollectorChooser(List.of("a", "b"), "h", 3);
    String first = c.current();
    assertThat(c.failed()).isFalse();
    assertThat(c.failed()).isFalse();
    assertThat(c.failed()).isTrue();
    assertThat(c.current()).isNotEqualTo(first);
    c.succeeded();
    assertThat(c.failed()).isFalse();
  }
}
