package io.almanac.ops.server.security;

import io.almanac.runtime.security.Caller;
import io.almanac.runtime.security.TokenFile;
import io.almanac.runtime.security.TokenLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One secret token in a file of the server's data directory ({@code admin.token}, {@code
 * agent-enroll.token}): made at first start with mode 0600, read again when the file changes (at
 * most once a second), and replaceable by {@link #rotate()}, which revokes the old token at once.
 */
public final class ServerTokenFile implements TokenLookup {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTokenFile.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

  private final Path file;
  private final Caller caller;
  private volatile byte[] digest;
  private volatile FileTime readAt;
  private volatile long checkedAt;

  private ServerTokenFile(Path file, Caller caller) throws IOException {
    this.file = file;
    this.caller = caller;
    load();
  }

  /** The token in {@code file}, written first when there is none; it stands for {@code caller}. */
  public static ServerTokenFile ensure(Path file, Caller caller) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, newToken() + "\n", StandardCharsets.US_ASCII);
        LOG.info("Wrote a new token to {}", file.toAbsolutePath());
      } catch (FileAlreadyExistsException e) {
        // made meanwhile by another start
      }
    }
    return new ServerTokenFile(file, caller);
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<Caller> caller(String token) {
    refreshIfChanged();
    byte[] presented = TokenFile.digest(token).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(presented, digest) ? Optional.of(caller) : Optional.empty();
  }

  /** Writes a new token to the file (atomically, mode 0600); the old one stops working now. */
  public synchronized void rotate() throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(temporary);
    Files.createFile(
        temporary,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temporary, newToken() + "\n", StandardCharsets.US_ASCII);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    load();
    LOG.info("Wrote a new token to {}; the previous one no longer works", file.toAbsolutePath());
  }

  private void refreshIfChanged() {
    long now = System.nanoTime();
    if (now - checkedAt < CHECK_EVERY_NANOS) {
      return;
    }
    checkedAt = now;
    try {
      if (!Files.getLastModifiedTime(file).equals(readAt)) {
        load();
      }
    } catch (IOException e) {
      LOG.warn("Cannot read {} again ({}); keeping the token read before", file, e.getMessage());
    }
  }

  private synchronized void load() throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    String token = io.almanac.cli.TokenFiles.read(file.toFile());
    digest = TokenFile.digest(token).getBytes(StandardCharsets.US_ASCII);
    readAt = modified;
  }

  private static String newToken() {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }
}
