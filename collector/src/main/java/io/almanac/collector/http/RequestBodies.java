package io.almanac.collector.http;

import io.almanac.model.json.MalformedMetricsException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a POST body for decoding: refuses one whose declared length is over the limit, inflates a
 * gzip-encoded one, and limits what is read, compressed and inflated alike, so a small compressed
 * body cannot inflate past the limit.
 */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * The body to decode.
   *
   * @throws RequestTooLargeException when the declared length is over {@code maxBytes}
   * @throws UnsupportedEncodingException when the body is encoded other than by gzip
   */
  static InputStream open(
      InputStream body, Long contentLength, String contentEncoding, long maxBytes) {
    if (contentLength != null && contentLength > maxBytes) {
      drain(body);
      throw new RequestTooLargeException(maxBytes);
    }
    InputStream limited = new LimitedInputStream(body, maxBytes);
    String encoding =
        contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    switch (encoding) {
      case "":
      case "identity":
        return limited;
      case "gzip":
      case "x-gzip":
        return new LimitedInputStream(new Inflating(limited), maxBytes);
      default:
        drain(body);
        throw new UnsupportedEncodingException(contentEncoding);
    }
  }

  /**
   * Reads and drops what is left of a refused body (up to a bound), so the client, which is still
   * sending, gets to read the answer instead of a reset connection.
   */
  static void drain(InputStream body) {
    byte[] buf = new byte[64 * 1024];
    long left = 64L << 20;
    try {
      int n;
      while (left > 0 && (n = body.read(buf)) > 0) {
        left -= n;
      }
    } catch (IOException ignored) {
      // The client went away; there is nobody left to answer.
    }
  }

  /**
   * A gzip stream opened on first read, whose format errors are a malformed body (400), not an I/O
   * failure.
   */
  private static final class Inflating extends FilterInputStream {
    private boolean opened;

    Inflating(InputStream compressed) {
      super(compressed);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      try {
        if (!opened) {
          in = new GZIPInputStream(in, 64 * 1024);
          opened = true;
        }
        return in.read(buf, off, len);
      } catch (ZipException | java.io.EOFException e) {
        throw new MalformedMetricsException("the body is not valid gzip: " + e.getMessage(), e);
      }
    }
  }

  /** A {@code Content-Encoding} other than gzip: 415. */
  static final class UnsupportedEncodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedEncodingException(String encoding) {
      super(
          "Content-Encoding '"
              + encoding
              + "' is not supported; send the body plain or gzip-compressed");
    }
  }
}
