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
  void theRegionServersThreadsAreToldApartByTheirWholeJavaNames() {
    assertThat(ThreadCpu.group("RS:0;127.0.0.1:38125-longCompactions-0"))
        .isEqualTo("HBase flushes, compactions");
    assertThat(ThreadCpu.group("RS:0;127.0.0.1:38125-shortCompactions-3"))
        .isEqualTo("HBase flushes, compactions");
    assertThat(ThreadCpu.group("RS:0;127.0.0.1:38125.append-pool-0")).isEqualTo("HBase WAL");
    assertThat(ThreadCpu.group("RS:0;127.0.0.1:38125")).isEqualTo("other");
    // /proc's 15 characters cannot tell them apart
    assertThat(ThreadCpu.group("RS:0;127.0.0.1:")).isEqualTo("HBase WAL or compactions");
  }

  @Test
  void threadNamesComeFromAThreadDumpByNativeId() {
    String dump =
        "2026-12-08 00:40:00\nFull thread dump OpenJDK 64-Bit Server VM:\n\n"
            + "\"RS:0;127.0.0.1:38125-longCompactions-0\" #301 daemon prio=5 os_prio=0"
            + " cpu=1234.5ms elapsed=60.1s tid=0x00007f00 nid=0x1a2b waiting on condition \n"
            + "   java.lang.Thread.State: WAITING (parking)\n\n"
            + "\"VM Thread\" os_prio=0 cpu=10ms elapsed=60s tid=0x00007f01 nid=6700 runnable\n"
            + "\"say \"hi\"\" #5 prio=5 os_prio=0 tid=0x1 nid=0x10 runnable\n";
    assertThat(ThreadCpu.parseThreadDump(dump))
        .containsOnly(
            Map.entry(0x1a2bL, "RS:0;127.0.0.1:38125-longCompactions-0"),
            Map.entry(6700L, "VM Thread"),
            Map.entry(0x10L, "say \"hi\""));
  }

  @Test
  void namesTheThreadsOfARunningProcess() {
    Map<Long, String> names = ThreadCpu.javaNames(ProcessHandle.current().pid());
    assertThat(names).containsValue("main");
  }

  @Test
  void leavesAProcessThatIsNoJvmAlone() throws Exception {
    // jcmd's attach signal, SIGQUIT, ends a process that does not handle it
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(ThreadCpu.isJvm(sleeper.pid())).isFalse();
      assertThat(ThreadCpu.isJvm(ProcessHandle.current().pid())).isTrue();
      assertThat(ThreadCpu.javaNames(sleeper.pid())).isEmpty();
      assertThat(ThreadCpu.read(sleeper.pid())).isNotEmpty();
      assertThat(sleeper.isAlive()).isTrue();
    } finally {
      sleeper.destroy();
    }
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
