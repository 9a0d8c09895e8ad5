package io.almanac.hostmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostMonitorTest {
  @Test
  void readsThisLinuxHost() {
    HostReading r = new OshiReadingSource(List.of("java")).read();
    assertThat(r.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(r.memory().total()).isPositive();
    assertThat(r.memory().cached()).isPositive(); // from /proc/meminfo
    assertThat(r.fileSystems()).isNotEmpty();
    assertThat(r.processesTotal()).isPositive();
    assertThat(r.processes()).containsKey("java");
  }
}
