package io.almanac.hostmonitor.checks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a command with {@code /bin/sh -c}, as Nagios runs a plugin and Ambari a SCRIPT alert: exit
 * code 0, 1, 2 is OK, WARNING, CRITICAL; any other code, a command that cannot start, or one still
 * running at the timeout (it is then killed, with its children) is UNKNOWN. The first line of its
 * output (standard output and error together) is the message.
 *
 * @param command the shell command line
 */
public record ScriptCheck(String name, String command, Duration interval, Duration timeout)
    implements HostCheck {
  /** The most output read back for the message. */
  private static final int MAX_MESSAGE = 512;

  private static final Pattern PLAIN_WORD = Pattern.compile("[\\w./@%+,:~-]+");

  /**
   * The command's first word, the script's path, when it is a plain word; {@code inline} for a
   * command that starts with shell syntax (an assignment, a substitution, ...).
   */
  @Override
  public String target() {
    String first = command.strip().split("\\s+", 2)[0];
    return PLAIN_WORD.matcher(first).matches() ? first : "inline";
  }

  @Override
  public CheckResult run() {
    long start = System.nanoTime();
    Path output = null;
    Process process = null;
    try {
      output = Files.createTempFile("almanac-check-", ".out");
      process =
          new ProcessBuilder(List.of("/bin/sh", "-c", command))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new CheckResult(
            CheckStatus.UNKNOWN,
            HostCheck.secondsSince(start),
            "still running after " + timeout.toMillis() + " ms; killed");
      }
      double seconds = HostCheck.secondsSince(start);
      int code = process.exitValue();
      String first = firstLine(output);
      return new CheckResult(
          CheckStatus.ofExitCode(code),
          seconds,
          "exit " + code + (first.isEmpty() ? "" : ": " + first));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CheckResult(CheckStatus.UNKNOWN, HostCheck.secondsSince(start), "interrupted");
    } catch (IOException e) {
      return new CheckResult(
          CheckStatus.UNKNOWN, HostCheck.secondsSince(start), "cannot run: " + e.getMessage());
    } finally {
      if (process != null && process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temporary file left behind; the next run makes another
        }
      }
    }
  }

  private static String firstLine(Path output) throws IOException {
    try (InputStream in = Files.newInputStream(output)) {
      String text = new String(in.readNBytes(MAX_MESSAGE), StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return (nl < 0 ? text : text.substring(0, nl)).trim();
    }
  }
}
