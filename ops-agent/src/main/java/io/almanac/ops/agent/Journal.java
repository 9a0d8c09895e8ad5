package io.almanac.ops.agent;

import io.almanac.ops.protocol.Message;
import io.almanac.ops.protocol.Messages;
import io.almanac.ops.protocol.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Final reports not yet acknowledged by the server, one file each under {@code journal/}. A report
 * is on disk (written, synced, renamed into place) before it is first sent, and removed only when
 * the server's acknowledgement arrives; after a reconnect or an agent restart everything left is
 * sent again.
 */
final class Journal {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Path dir;

  Journal(Path dataDir) throws IOException {
    this.dir = Files.createDirectories(dataDir.resolve("journal"));
  }

  void put(Report report) throws IOException {
    AtomicFiles.replace(
        dir.resolve("report-" + report.id() + ".json"),
        Messages.toJson(report).getBytes(StandardCharsets.UTF_8),
        false);
  }

  /** Forgets a report the server acknowledged; an unknown id is ignored. */
  void remove(long reportId) {
    try {
      Files.deleteIfExists(dir.resolve("report-" + reportId + ".json"));
    } catch (IOException e) {
      LOG.warn("Could not delete acknowledged report {}: {}", reportId, e.getMessage());
    }
  }

  /** Everything not acknowledged, oldest first. Unreadable files are set aside, not lost. */
  List<Report> pending() throws IOException {
    List<Report> reports = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        try {
          Message message = Messages.fromJson(Files.readString(file));
          if (message instanceof Report report) {
            reports.add(report);
          }
        } catch (RuntimeException | IOException e) {
          LOG.error("Journal entry {} is unreadable ({}); renamed to .bad", file, e.getMessage());
          Files.move(
              file,
              file.resolveSibling(file.getFileName() + ".bad"),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    reports.sort(Comparator.comparingLong(Report::id));
    return reports;
  }
}
