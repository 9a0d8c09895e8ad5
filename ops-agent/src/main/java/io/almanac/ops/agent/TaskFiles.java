package io.almanac.ops.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one task in the agent's data dir, named as Ambari names them: the command as
 * received ({@code command-<task>.json}, mode 0600), its stdout ({@code output-<task>.txt}), its
 * stderr ({@code errors-<task>.txt}), what it chose to report ({@code structured-out-<task>.json}),
 * and the agent's own record of the attempt ({@code state-<task>.json}).
 */
final class TaskFiles {

  /** Longest stdout or stderr sent in a final report; the files keep everything. */
  static final int MAX_REPORTED_BYTES = 1 << 20;

  /** Longest tail sent in a progress report. */
  static final int TAIL_BYTES = 4096;

  private final Path dir;
  private final long taskId;

  TaskFiles(Path dir, long taskId) {
    this.dir = dir;
    this.taskId = taskId;
  }

  Path command() {
    return dir.resolve("command-" + taskId + ".json");
  }

  Path output() {
    return dir.resolve("output-" + taskId + ".txt");
  }

  Path errors() {
    return dir.resolve("errors-" + taskId + ".txt");
  }

  Path structuredOut() {
    return dir.resolve("structured-out-" + taskId + ".json");
  }

  Path state() {
    return dir.resolve("state-" + taskId + ".json");
  }

  /** Output of a check the task runs along the way (a service's status), kept apart. */
  Path scratch(String what) {
    return dir.resolve(what + "-" + taskId + ".txt");
  }

  /** Writes the command file readable by its owner only: commands may carry secrets. */
  void writeCommand(String json) throws IOException {
    AtomicFiles.replace(command(), json.getBytes(StandardCharsets.UTF_8), true);
  }

  /** The last {@code max} bytes of a file, or "" when it does not exist. */
  static String tail(Path file, int max) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, max);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** A whole output file for a final report; longer files give their end with a note in front. */
  static Capped forReport(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Capped("", false);
    }
    long length = Files.size(file);
    if (length <= MAX_REPORTED_BYTES) {
      return new Capped(Files.readString(file, StandardCharsets.UTF_8), false);
    }
    String note =
        "[first "
            + (length - MAX_REPORTED_BYTES)
            + " bytes omitted here; the whole output is in "
            + file
            + " on the agent host]\n";
    return new Capped(note + tail(file, MAX_REPORTED_BYTES), true);
  }

  /** Text for a report, and whether it had to be shortened. */
  record Capped(String text, boolean truncated) {}
}
