package io.almanac.cli;

/** A size in bytes, for options typed in the {@link ByteSizes} syntax. */
public final class ByteSize {
  private final long bytes;

  /** A size of {@code bytes}. */
  public ByteSize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + bytes);
    }
    this.bytes = bytes;
  }

  /** The number of bytes. */
  public long bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteSize && ((ByteSize) o).bytes == bytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes + "B";
  }
}
