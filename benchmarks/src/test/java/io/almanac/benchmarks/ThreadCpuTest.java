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

  private static ThreadCpu.Sample gc(double s) {
    return new ThreadCpu.Sample("GC", s);
  }

  private static ThreadCpu.Sample jit(double s) {
    return new ThreadCpu.Sample("JIT compiler", s);
  }

  @Test
  void perPointIsTheGrowthOfEachGroupLargestFirstWithWhatEndedThreadsTook() {
    Map<Long, ThreadCpu.Sample> before = Map.of(1L, gc(1.0), 2L, jit(2.0), 3L, jit(5.0));
    // thread 3 ended; thread 4 started
    Map<Long, ThreadCpu.Sample> after =
        Map.of(1L, gc(1.5), 2L, jit(4.0), 4L, new ThreadCpu.Sample("other", 0.1));
    // the process used 3.0 s; live threads account for 0.5 + 2.0 + 0.1
    Map<String, Object> perPoint = ThreadCpu.perPoint(before, after, 3.0, 1_000_000);
    assertThat(List.copyOf(perPoint.keySet()))
        .containsExactly("JIT compiler", "GC", "ended threads", "other");
    assertThat(perPoint.get("JIT compiler")).as("not less the ended thread's 5 s").isEqualTo(2.0);
    assertThat(perPoint.get("GC")).isEqualTo(0.5);
    assertThat((Double) perPoint.get("ended threads")).isEqualTo(0.4);
    assertThat(perPoint.get("other")).isEqualTo(0.1);
  }

  @Test
  void readsTheThreadsOfARunningProcess() throws Exception {
    Map<Long, ThreadCpu.Sample> mine = ThreadCpu.read(ProcessHandle.current().pid());
    assertThat(mine).isNotEmpty();
    assertThat(mine.values()).allSatisfy(t -> assertThat(t.seconds()).isNotNegative());
  }
}
