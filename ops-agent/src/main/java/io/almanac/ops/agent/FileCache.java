package io.almanac.ops.agent;

import io.almanac.ops.protocol.TaskFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The files tasks bring, kept once per content ({@code file-cache/<sha-256>} in the agent's data
 * dir) and copied into each task's working directory with the permissions asked for.
 */
final class FileCache {
  private final Path cacheDir;

  FileCache(Path dataDir) {
    this.cacheDir = dataDir.resolve("file-cache");
  }

  /** Writes {@code files} under {@code workDir} (made empty first). */
  void materialize(List<TaskFile> files, Path workDir) throws IOException {
    Files.createDirectories(cacheDir);
    if (Files.exists(workDir)) {
      try (var walk = Files.walk(workDir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(workDir);
    for (TaskFile file : files) {
      Path target = workDir.resolve(file.path()).normalize();
      if (!target.startsWith(workDir) || target.equals(workDir)) {
        throw new IOException("a task file's path leaves its directory: " + file.path());
      }
      Files.createDirectories(target.getParent());
      Files.copy(
          cached(Base64.getDecoder().decode(file.contentBase64())),
          target,
          StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, permissions(file.mode() == null ? "644" : file.mode()));
    }
  }

  /** The cache's copy of {@code content}, written the first time it is seen. */
  Path cached(byte[] content) throws IOException {
    Path entry = cacheDir.resolve(sha256(content));
    if (!Files.exists(entry)) {
      AtomicFiles.replace(entry, content, true);
    }
    return entry;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Octal permissions ("0755", "644") as POSIX permissions. */
  static Set<PosixFilePermission> permissions(String octal) {
    int mode = Integer.parseInt(octal, 8);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }
}
