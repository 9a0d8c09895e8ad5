package io.almanac.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void threadsAreGroupedByWhatTheirNamesSay() {
    assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT compiler");
    assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo("JIT compiler");
    assertThat(ThreadCpu.group("RpcServer.defau")).isEqualTo("HBase RPC handlers");
    assertThat(ThreadCpu.group("almanac-http-12")).isEqualTo("HTTP (Jetty, JSON, validation)");
    assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC");
    assertThat(ThreadCpu.group("victoria-metric")).isEqualTo("other");
  }

  @Test
  void perPointIsTheGrowthOfEachGroupLargestFirstWithWhatEndedThreadsTook() {
    Map<String, Double> before = Map.of("GC", 1.0, "JIT compiler", 2.0);
    Map<String, Double> after = Map.of("GC", 1.5, "JIT compiler", 4.0, "other", 0.1);
    // the process used 3.0 s; live threads account for 0.5 + 2.0 + 0.1
    Map<String, Object> perPoint = ThreadCpu.perPoint(before, after, 3.0, 1_000_000);
    assertThat(List.copyOf(perPoint.keySet()))
        .containsExactly("JIT compiler", "GC", "ended threads", "other");
    assertThat(perPoint.get("JIT compiler")).isEqualTo(2.0);
    assertThat(perPoint.get("GC")).isEqualTo(0.5);
    assertThat((Double) perPoint.get("ended threads")).isEqualTo(0.4);
    assertThat(perPoint.get("other")).isEqualTo(0.1);
  }

  @Test
  void readsTheThreadsOfARunningProcess() throws Exception {
    Map<String, Double> mine = ThreadCpu.read(ProcessHandle.current().pid());
    assertThat(mine).isNotEmpty();
    assertThat(mine.values()).allSatisfy(seconds -> assertThat(seconds).isNotNegative());
  }
}
