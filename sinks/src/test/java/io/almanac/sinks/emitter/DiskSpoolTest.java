package io.almanac.sinks.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
  @TempDir Path dir;

  @Test
  void replaysInOrderAndSurvivesARestart() throws Exception {
    EmitterCounters counters = new EmitterCounters();
    DiskSpool spool = new DiskSpool(dir.toFile(), 1000, counters);
    spool.add("one".getBytes(StandardCharsets.UTF_8), 1);
    spool.add("two".getBytes(StandardCharsets.UTF_8), 2);
    DiskSpool reopened = new DiskSpool(dir.toFile(), 1000, counters);
    File oldest = reopened.oldest();
    assertThat(new String(DiskSpool.read(oldest), StandardCharsets.UTF_8)).isEqualTo("one");
    reopened.remove(oldest);
    assertThat(DiskSpool.points(reopened.oldest())).isEqualTo(2);
    reopened.add("three".getBytes(StandardCharsets.UTF_8), 3);
    reopened.remove(reopened.oldest());
    assertThat(new String(DiskSpool.read(reopened.oldest()), StandardCharsets.UTF_8))
        .isEqualTo("three");
    assertThat(counters.spooled()).isEqualTo(6);
  }

  @Test
  void whenFullTheOldestGoFirstAndAreCounted() {
    EmitterCounters counters = new EmitterCounters();
    DiskSpool spool = new DiskSpool(dir.toFile(), 25, counters);
    spool.add(new byte[10], 1);
    spool.add(new byte[10], 2);
    spool.add(new byte[10], 3); // 30 > 25: the first goes
    assertThat(spool.bytes()).isEqualTo(20);
    assertThat(counters.dropped()).isEqualTo(1);
    assertThat(DiskSpool.points(spool.oldest())).isEqualTo(2);
    spool.add(new byte[40], 9); // larger than the whole spool
    assertThat(counters.dropped()).isEqualTo(10);
  }
}
