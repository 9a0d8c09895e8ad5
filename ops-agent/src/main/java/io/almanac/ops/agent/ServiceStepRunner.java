package io.almanac.ops.agent;

import io.almanac.ops.protocol.ComponentScripts;
import io.almanac.ops.protocol.Readiness;
import io.almanac.ops.protocol.ReportStatus;
import io.almanac.ops.protocol.ServiceStep;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one {@link ServiceStep} as a series of the component's scripts and holds them to the service
 * contract: {@code status} exits 0 when the component runs and 3 when it does not; any other code
 * means the status script is broken, and the step fails with that code and the script's output
 * rather than taking it for "stopped". A stop ends once status says 3, a start once status says 0
 * and the readiness check holds, both within the task's deadline. The scripts get {@code
 * ALMANAC_SERVICE}, {@code ALMANAC_COMPONENT}, {@code ALMANAC_HOST} and {@code ALMANAC_STATE_DIR}
 * (a directory of the component's own under the agent's data dir).
 */
final class ServiceStepRunner {
  static final int RUNNING = 0;
  static final int NOT_RUNNING = 3;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** How a step ended, what to add to its errors, and the component's state when known. */
  record Result(ReportStatus status, Integer exit, String note, String state) {}

  private final ShellProcess shell;
  private final Path dataDir;
  private final String hostname;
  private final Duration pollInterval;

  ServiceStepRunner(ShellProcess shell, Path dataDir, String hostname, Duration pollInterval) {
    this.shell = shell;
    this.dataDir = dataDir;
    this.hostname = hostname;
    this.pollInterval = pollInterval;
  }

  /** The component's own directory, made if missing: ALMANAC_STATE_DIR of its scripts. */
  Path stateDir(String service, String component) throws IOException {
    Path dir = dataDir.resolve("services").resolve(service).resolve(component);
    Files.createDirectories(dir);
    return dir;
  }

  /** Whether {@code name} may name a service or component (it names a directory). */
  static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The variables a component's scripts get beside the task's. */
  Map<String, String> componentEnv(String service, String component) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ALMANAC_SERVICE", service);
    env.put("ALMANAC_COMPONENT", component);
    env.put("ALMANAC_HOST", hostname);
    env.put("ALMANAC_STATE_DIR", stateDir(service, component).toString());
    return env;
  }

  /** Runs {@code step}; {@code env} is the task's environment, the service's is added. */
  Result run(
      ServiceStep step,
      Map<String, String> taskEnv,
      TaskFiles files,
      long deadlineNanos,
      ShellProcess.Watch watch)
      throws IOException {
    for (String name : new String[] {step.service(), step.component()}) {
      if (!isName(name)) {
        return failed(null, "not a service or component name: '" + name + "'");
      }
    }
    Map<String, String> env = new HashMap<>(taskEnv);
    env.putAll(componentEnv(step.service(), step.component()));
    Steps steps = new Steps(step, env, files, deadlineNanos, watch);
    return switch (step.action()) {
      case INSTALL -> steps.once("install", scripts(step).install());
      case CONFIGURE -> steps.once("configure", scripts(step).configure());
      case STATUS -> steps.status();
      case STOP -> steps.stop();
      case START -> steps.start();
      case RESTART -> {
        Result stopped = steps.stop();
        yield stopped.status() == ReportStatus.COMPLETED ? steps.start() : stopped;
      }
    };
  }

  private static ComponentScripts scripts(ServiceStep step) {
    return step.scripts() == null
        ? new ComponentScripts(null, null, null, null, null)
        : step.scripts();
  }

  private static Result failed(Integer exit, String note) {
    return new Result(ReportStatus.FAILED, exit, note, null);
  }

  /** The scripts of one step, run in turn against one deadline. */
  private final class Steps {
    private final ServiceStep step;
    private final Map<String, String> env;
    private final TaskFiles files;
    private final long deadline;
    private final ShellProcess.Watch watch;

    Steps(
        ServiceStep step,
        Map<String, String> env,
        TaskFiles files,
        long deadline,
        ShellProcess.Watch watch) {
      this.step = step;
      this.env = env;
      this.files = files;
      this.deadline = deadline;
      this.watch = watch;
    }

    /** Runs one script; its output goes to the task's output, after a header line. */
    Result once(String what, String script) throws IOException {
      if (script == null || script.isBlank()) {
        return failed(null, "the component " + component() + " has no " + what + " script");
      }
      note(files.output(), "== " + what + " " + component() + "\n");
      ShellProcess.Outcome o =
          shell.run(script, env, files.output(), files.errors(), deadline, true, watch);
      return switch (o.end()) {
        case CANCELLED -> new Result(ReportStatus.ABORTED, null, null, null);
        case TIMED_OUT ->
            new Result(
                ReportStatus.TIMEDOUT, null, what + " did not finish before the deadline", null);
        case EXITED ->
            o.exit() == 0
                ? new Result(ReportStatus.COMPLETED, 0, null, null)
                : failed(o.exit(), what + " exited " + o.exit());
      };
    }

    /** Runs status once: STARTED on 0, INSTALLED on 3, a failure naming any other code. */
    Result status() throws IOException {
      Probe p = probe();
      if (p.result() != null) {
        return p.result();
      }
      note(files.output(), p.output());
      if (p.exit() == RUNNING || p.exit() == NOT_RUNNING) {
        return new Result(
            ReportStatus.COMPLETED, p.exit(), null, p.exit() == RUNNING ? "STARTED" : "INSTALLED");
      }
      return new Result(ReportStatus.FAILED, p.exit(), brokenStatus(p, "when asked"), "UNKNOWN");
    }

    /** Runs stop, then status until it says 3 ("not running"). */
    Result stop() throws IOException {
      Result stopped = once("stop", scripts(step).stop());
      if (stopped.status() != ReportStatus.COMPLETED) {
        return stopped;
      }
      while (true) {
        Probe p = probe();
        if (p.result() != null) {
          return p.result();
        }
        if (p.exit() == NOT_RUNNING) {
          note(files.output(), "== status " + component() + ": 3, not running\n");
          return new Result(ReportStatus.COMPLETED, 0, null, "INSTALLED");
        }
        if (p.exit() != RUNNING) {
          note(files.output(), p.output());
          return new Result(
              ReportStatus.FAILED, p.exit(), brokenStatus(p, "after stop"), "UNKNOWN");
        }
        if (!pause()) {
          return timedOutOrCancelled("still running (status 0) after stop");
        }
      }
    }

    /** Runs start, then status until it says 0, then the readiness check until it holds. */
    Result start() throws IOException {
      Result started = once("start", scripts(step).start());
      if (started.status() != ReportStatus.COMPLETED) {
        return started;
      }
      while (true) {
        Probe p = probe();
        if (p.result() != null) {
          return p.result();
        }
        if (p.exit() == RUNNING) {
          note(files.output(), "== status " + component() + ": 0, running\n");
          break;
        }
        if (p.exit() != NOT_RUNNING) {
          note(files.output(), p.output());
          return new Result(
              ReportStatus.FAILED, p.exit(), brokenStatus(p, "after start"), "UNKNOWN");
        }
        if (!pause()) {
          return timedOutOrCancelled("not running (status 3) after start");
        }
      }
      return ready();
    }

    private Result ready() throws IOException {
      Readiness readiness = step.readiness();
      if (readiness == null) {
        return new Result(ReportStatus.COMPLETED, 0, null, "STARTED");
      }
      long own = System.nanoTime() + TimeUnit.SECONDS.toNanos(readiness.timeoutSeconds());
      long until = Math.min(own, deadline);
      String what = describe(readiness);
      while (true) {
        if (isReady(readiness, until)) {
          note(files.output(), "== ready " + component() + ": " + what + "\n");
          return new Result(ReportStatus.COMPLETED, 0, null, "STARTED");
        }
        if (watch.cancelled()) {
          return new Result(ReportStatus.ABORTED, null, null, null);
        }
        if (System.nanoTime() + pollInterval.toNanos() >= until) {
          return new Result(
              ReportStatus.TIMEDOUT,
              null,
              component()
                  + " runs but was not ready ("
                  + what
                  + ") within "
                  + readiness.timeoutSeconds()
                  + " s",
              "STARTED");
        }
        sleep();
      }
    }

    private boolean isReady(Readiness r, long until) throws IOException {
      if (r.command() != null) {
        Path scratch = files.scratch("readiness");
        Files.deleteIfExists(scratch);
        ShellProcess.Outcome o = shell.run(r.command(), env, scratch, scratch, until, false, watch);
        return o.exited(0);
      }
      if (r.port() != null) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), r.port()), 1000);
          return true;
        } catch (IOException notYet) {
          return false;
        }
      }
      try {
        HttpResponse<Void> answer =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(r.http()))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        return answer.statusCode() >= 200 && answer.statusCode() < 400;
      } catch (IOException | IllegalArgumentException notYet) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Runs status once, its output kept apart; a result when it did not exit by itself. */
    private Probe probe() throws IOException {
      String script = scripts(step).status();
      if (script == null || script.isBlank()) {
        return new Probe(
            -1, "", failed(null, "the component " + component() + " has no status script"));
      }
      Path scratch = files.scratch("status");
      Files.deleteIfExists(scratch);
      ShellProcess.Outcome o = shell.run(script, env, scratch, scratch, deadline, false, watch);
      String output = Files.exists(scratch) ? Files.readString(scratch) : "";
      return switch (o.end()) {
        case CANCELLED ->
            new Probe(o.exit(), output, new Result(ReportStatus.ABORTED, null, null, null));
        case TIMED_OUT ->
            new Probe(
                o.exit(),
                output,
                new Result(
                    ReportStatus.TIMEDOUT,
                    null,
                    "status did not answer before the deadline",
                    null));
        case EXITED -> new Probe(o.exit(), output, null);
      };
    }

    private String brokenStatus(Probe p, String when) {
      return "status of "
          + component()
          + " exited "
          + p.exit()
          + " "
          + when
          + ": 0 means running, 3 not running, any other code a broken status script, so the"
          + " component's state is unknown and nothing further is done. Its output:\n"
          + (p.output().isBlank() ? "(none)\n" : p.output());
    }

    private Result timedOutOrCancelled(String what) {
      if (watch.cancelled()) {
        return new Result(ReportStatus.ABORTED, null, null, null);
      }
      return new Result(
          ReportStatus.TIMEDOUT, null, component() + " " + what + " until the deadline", null);
    }

    /** Waits one poll interval; false when the deadline would pass or the task is cancelled. */
    private boolean pause() {
      if (watch.cancelled() || System.nanoTime() + pollInterval.toNanos() >= deadline) {
        return false;
      }
      sleep();
      return !watch.cancelled();
    }

    private void sleep() {
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private String component() {
      return step.service() + "/" + step.component();
    }
  }

  /** One run of status: its exit code and output, or the result when it did not exit. */
  private record Probe(int exit, String output, Result result) {}

  private static String describe(Readiness r) {
    if (r.command() != null) {
      return "command exits 0";
    }
    if (r.port() != null) {
      return "port " + r.port() + " open";
    }
    return "GET " + r.http() + " answers";
  }

  private static void note(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
