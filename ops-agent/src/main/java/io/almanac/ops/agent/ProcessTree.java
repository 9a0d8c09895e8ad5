package io.almanac.ops.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a command and everything it started. Commands run in their own session and process group
 * (via setsid), so a signal to the group reaches children that are no longer our descendants;
 * descendants that moved to another group are signalled one by one.
 */
final class ProcessTree {

  private ProcessTree() {}

  /** SIGTERM to the group and the tree, then SIGKILL to whatever is left after {@code grace}. */
  static void kill(ProcessHandle leader, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(leader);
    leader.descendants().forEach(tree::add);
    signalGroup(leader.pid(), "TERM");
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
      sleep(50);
    }
    signalGroup(leader.pid(), "KILL");
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** Signals a whole process group; the group of a setsid leader has the leader's pid. */
  static void signalGroup(long pgid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .start();
      kill.getInputStream().readAllBytes(); // "No such process" when the group is gone: fine
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // kill(1) missing: the per-process signals above still apply
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
