package io.almanac.ops.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One bash script run in a session (and process group) of its own, with its output appended to two
 * files, and stopped with its whole process group when it is cancelled or passes its deadline.
 */
final class ShellProcess {
  private static final long POLL_MILLIS = 100;

  /** How a run ended. */
  enum End {
    EXITED,
    TIMED_OUT,
    CANCELLED
  }

  /** How a run ended, and its exit code (that of the killed process when it did not exit). */
  record Outcome(End end, int exit) {
    boolean exited(int code) {
      return end == End.EXITED && exit == code;
    }
  }

  /** What the caller is told and asked while a script runs. */
  interface Watch {
    /** Whether to stop the script now. */
    boolean cancelled();

    /** The script's process started (its id is its process group's). */
    void started(long pid) throws IOException;

    /** Called about every progress interval while it runs. */
    void tick() throws IOException;
  }

  private final Path workDir;
  private final Duration killGrace;
  private final Duration progressInterval;

  ShellProcess(Path workDir, Duration killGrace, Duration progressInterval) {
    this.workDir = workDir;
    this.killGrace = killGrace;
    this.progressInterval = progressInterval;
  }

  /** The same, with scripts run in {@code dir}. */
  ShellProcess in(Path dir) {
    return new ShellProcess(dir, killGrace, progressInterval);
  }

  /**
   * Runs {@code script} until it exits, is cancelled, or {@code deadlineNanos} passes. What it left
   * running in its process group is killed when it ends, unless it exited and {@code
   * keepBackground} (a service's start script leaves its daemon behind on purpose).
   */
  Outcome run(
      String script,
      Map<String, String> env,
      Path out,
      Path err,
      long deadlineNanos,
      boolean keepBackground,
      Watch watch)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(List.of("setsid", "bash", "-c", script))
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    watch.started(process.pid());
    long nextTick = System.nanoTime() + progressInterval.toNanos();
    End end = End.EXITED;
    try {
      while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        if (watch.cancelled()) {
          end = End.CANCELLED;
          ProcessTree.kill(process.toHandle(), killGrace);
          break;
        }
        if (now >= deadlineNanos) {
          end = End.TIMED_OUT;
          ProcessTree.kill(process.toHandle(), killGrace);
          break;
        }
        if (now >= nextTick) {
          watch.tick();
          nextTick = now + progressInterval.toNanos();
        }
      }
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ProcessTree.kill(process.toHandle(), killGrace);
      end = End.CANCELLED;
    }
    if (end != End.EXITED || !keepBackground) {
      // The leader is gone; make sure nothing it left in its group lives on.
      ProcessTree.signalGroup(process.pid(), "KILL");
    }
    return new Outcome(end, process.exitValue());
  }
}
