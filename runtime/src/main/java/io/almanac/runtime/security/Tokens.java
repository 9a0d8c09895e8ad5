package io.almanac.runtime.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tokens file kept current: when the file changes (checked at most once a second, on use) it is
 * read again, so adding or revoking a token needs no restart. A changed file that is wrong is
 * logged and the tokens read before stay.
 */
public final class Tokens implements TokenLookup {
  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

  private final Path file;
  private final Roles roles;
  private volatile TokenFile current;
  private volatile FileTime readAt;
  private volatile long checkedAt;

  private Tokens(Path file, Roles roles, TokenFile first, FileTime readAt) {
    this.file = file;
    this.roles = roles;
    this.current = first;
    this.readAt = readAt;
    this.checkedAt = System.nanoTime();
  }

  /**
   * The tokens of {@code file}, read now.
   *
   * @throws IOException when the file is missing or wrong (every problem listed)
   */
  public static Tokens watch(Path file, Roles roles) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    return new Tokens(file, roles, TokenFile.read(file, roles), modified);
  }

  /** The caller {@code token} stands for, from the file as it is now. */
  @Override
  public Optional<Caller> caller(String token) {
    refresh();
    return current.caller(token);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  private void refresh() {
    long now = System.nanoTime();
    if (now - checkedAt < CHECK_EVERY_NANOS) {
      return;
    }
    synchronized (this) {
      if (now - checkedAt < CHECK_EVERY_NANOS) {
        return;
      }
      checkedAt = now;
      try {
        FileTime modified = Files.getLastModifiedTime(file);
        if (modified.equals(readAt)) {
          return;
        }
        current = TokenFile.read(file, roles);
        readAt = modified;
        LOG.info("Read {} again: {} tokens", file, current.size());
      } catch (IOException e) {
        LOG.error("Kept the tokens read before: {} is wrong now: {}", file, e.getMessage());
      }
    }
  }
}
