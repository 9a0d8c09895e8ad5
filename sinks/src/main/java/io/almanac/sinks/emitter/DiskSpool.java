package io.almanac.sinks.emitter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Batches waiting for a collector, one file each ({@code <sequence>-<points>.json}), replayed
 * oldest first. Bounded in bytes: when full, the oldest batches go first and their points are
 * counted as dropped. A file is written under a temporary name and renamed, so a crash never leaves
 * half a batch to replay. Survives a restart of the host process.
 */
final class DiskSpool {
  private static final Logger LOG = Logger.getLogger(DiskSpool.class.getName());

  private final File dir;
  private final long maxBytes;
  private final EmitterCounters counters;
  private long sequence;

  DiskSpool(File dir, long maxBytes, EmitterCounters counters) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.counters = counters;
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IllegalArgumentException("cannot create spool directory " + dir);
    }
    File[] existing = files();
    sequence = existing.length == 0 ? 0 : seq(existing[existing.length - 1]) + 1;
  }

  private File[] files() {
    File[] files = dir.listFiles((d, name) -> name.endsWith(".json"));
    if (files == null) {
      return new File[0];
    }
    Arrays.sort(files, Comparator.comparingLong(DiskSpool::seq));
    return files;
  }

  private static long seq(File f) {
    String name = f.getName();
    return Long.parseLong(name.substring(0, name.indexOf('-')));
  }

  private static int pointsOf(File f) {
    String name = f.getName();
    return Integer.parseInt(
        name.substring(name.indexOf('-') + 1, name.length() - ".json".length()));
  }

  boolean isEmpty() {
    return files().length == 0;
  }

  long bytes() {
    long total = 0;
    for (File f : files()) {
      total += f.length();
    }
    return total;
  }

  /** Appends a batch, dropping the oldest ones if the spool would grow past its bound. */
  synchronized void add(byte[] body, int points) {
    if (body.length > maxBytes) {
      counters.dropped(points);
      LOG.warning(
          "A batch of "
              + body.length
              + " bytes is larger than the whole spool; dropped "
              + points
              + " points");
      return;
    }
    long total = bytes();
    for (File f : files()) {
      if (total + body.length <= maxBytes) {
        break;
      }
      total -= f.length();
      counters.dropped(pointsOf(f));
      if (!f.delete()) {
        LOG.warning("Cannot delete spooled batch " + f);
      }
    }
    try {
      File tmp = new File(dir, "next.tmp");
      Files.write(tmp.toPath(), body);
      Files.move(
          tmp.toPath(),
          new File(dir, (sequence++) + "-" + points + ".json").toPath(),
          StandardCopyOption.ATOMIC_MOVE);
      counters.spooled(points);
    } catch (IOException e) {
      counters.dropped(points);
      LOG.log(
          Level.WARNING, "Cannot spool a batch to " + dir + "; dropped " + points + " points", e);
    }
  }

  /** The oldest batch, or null. */
  synchronized File oldest() {
    File[] files = files();
    return files.length == 0 ? null : files[0];
  }

  static byte[] read(File f) throws IOException {
    return Files.readAllBytes(f.toPath());
  }

  static int points(File f) {
    return pointsOf(f);
  }

  synchronized void remove(File f) {
    if (!f.delete()) {
      LOG.warning("Cannot delete replayed batch " + f);
    }
  }
}
