package io.almanac.schema;

import io.almanac.model.Points;
import java.util.Arrays;

/**
 * The encoding of a block of points in the {@code METRICS} column of METRIC_RECORD.
 *
 * <p>Format 1, byte-aligned for speed:
 *
 * <ul>
 *   <li>a format byte (1) and the point count as an unsigned varint;
 *   <li>timestamps: the first as a zig-zag varint, then the first delta, then delta-of-deltas, all
 *       zig-zag varints, so points at a steady interval cost one byte each;
 *   <li>values: the first as 8 raw bytes; each further value XOR-ed with the one before (as in
 *       Gorilla, but whole bytes): {@code 0x00} when unchanged, else a control byte {@code 0x40 |
 *       leadingZeroBytes << 3 | trailingZeroBytes} and the remaining middle bytes.
 * </ul>
 *
 * <p>A constant series costs about 2 bytes per point, a slow gauge 3 to 5.
 *
 * <p>Format 2, compact, for the long blocks of sealed rows ({@link #encodeCompact}):
 *
 * <ul>
 *   <li>a format byte (2) and the point count as an unsigned varint;
 *   <li>timestamps: the first as a zig-zag varint, then the deltas as runs, each a zig-zag varint
 *       delta and an unsigned varint count, so a steady interval costs a few bytes in all;
 *   <li>values: when every value is a decimal of at most 9 places that round-trips exactly ({@code
 *       m / 10^e}), a byte {@code e}, a byte saying whether deltas (0) or delta-of-deltas (1) of
 *       the integers {@code m} follow (whichever is shorter), the first integer (and first delta),
 *       then the deltas or delta-of-deltas as zig-zag varints where a 0 is followed by the number
 *       of further 0s; otherwise a byte {@code 0xFF} and the values as in format 1.
 * </ul>
 *
 * <p>A counter or constant costs almost nothing per point, a gauge that moves now and then well
 * under a byte; {@link #decode} reads both formats.
 */
public final class PointCodec {
  private static final byte FORMAT_1 = 1;
  private static final byte FORMAT_2 = 2;
  private static final int RAW_VALUES = 0xFF;
  private static final int MAX_DECIMALS = 9;
  private static final double MAX_EXACT = 9.007199254740992E15; // 2^53

  private PointCodec() {}

  /** Encodes {@code points} (non-empty or empty alike). */
  public static byte[] encode(Points points) {
    int n = points.size();
    Writer w = new Writer(16 + n * 6);
    w.put(FORMAT_1);
    w.varint(n);
    if (n == 0) {
      return w.bytes();
    }
    long prevTs = points.timestamp(0);
    w.varint(zigzag(prevTs));
    long prevDelta = 0;
    for (int i = 1; i < n; i++) {
      long ts = points.timestamp(i);
      long delta = ts - prevTs;
      w.varint(zigzag(i == 1 ? delta : delta - prevDelta));
      prevDelta = delta;
      prevTs = ts;
    }
    writeXorValues(w, points);
    return w.bytes();
  }

  private static void writeXorValues(Writer w, Points points) {
    int n = points.size();
    long prevBits = Double.doubleToRawLongBits(points.value(0));
    for (int shift = 56; shift >= 0; shift -= 8) {
      w.put((byte) (prevBits >>> shift));
    }
    for (int i = 1; i < n; i++) {
      long bits = Double.doubleToRawLongBits(points.value(i));
      long xor = bits ^ prevBits;
      prevBits = bits;
      if (xor == 0) {
        w.put((byte) 0);
        continue;
      }
      int lead = Long.numberOfLeadingZeros(xor) >>> 3;
      int trail = Long.numberOfTrailingZeros(xor) >>> 3;
      w.put((byte) (0x40 | lead << 3 | trail));
      for (int b = 7 - lead; b >= trail; b--) {
        w.put((byte) (xor >>> (b * 8)));
      }
    }
  }

  /** Encodes {@code points} in the compact format 2 (slower to write; for sealed rows). */
  public static byte[] encodeCompact(Points points) {
    int n = points.size();
    Writer w = new Writer(16 + n);
    w.put(FORMAT_2);
    w.varint(n);
    if (n == 0) {
      return w.bytes();
    }
    w.varint(zigzag(points.timestamp(0)));
    int i = 1;
    while (i < n) {
      long delta = points.timestamp(i) - points.timestamp(i - 1);
      int run = 1;
      while (i + run < n && points.timestamp(i + run) - points.timestamp(i + run - 1) == delta) {
        run++;
      }
      w.varint(zigzag(delta));
      w.varint(run);
      i += run;
    }
    long[] decimals = new long[n];
    int scale = decimalScale(points, decimals);
    if (scale < 0) {
      w.put((byte) RAW_VALUES);
      writeXorValues(w, points);
      return w.bytes();
    }
    w.put((byte) scale);
    Writer byDelta = new Writer(8 + n);
    writeIntegers(byDelta, decimals, false);
    Writer byDod = new Writer(8 + n);
    writeIntegers(byDod, decimals, true);
    Writer shorter = byDod.pos < byDelta.pos ? byDod : byDelta;
    w.put((byte) (shorter == byDod ? 1 : 0));
    w.putAll(shorter);
    return w.bytes();
  }

  /**
   * The fewest decimal places {@code e} (0 to 9) with which every value is exactly {@code m / 10^e}
   * for an integer {@code m} below 2^53, those integers written into {@code out}; -1 when there is
   * none (NaN, infinities, -0.0, too many places).
   */
  private static int decimalScale(Points points, long[] out) {
    double factor = 1;
    for (int e = 0; e <= MAX_DECIMALS; e++, factor *= 10) {
      if (fitsScale(points, factor, out)) {
        return e;
      }
    }
    return -1;
  }

  private static boolean fitsScale(Points points, double factor, long[] out) {
    for (int i = 0; i < points.size(); i++) {
      double v = points.value(i);
      double scaled = v * factor;
      if (!(Math.abs(scaled) < MAX_EXACT)) {
        return false; // also NaN
      }
      long m = Math.round(scaled);
      if (Double.doubleToRawLongBits(m / factor) != Double.doubleToRawLongBits(v)) {
        return false;
      }
      out[i] = m;
    }
    return true;
  }

  private static void writeIntegers(Writer w, long[] m, boolean dod) {
    int n = m.length;
    w.varint(zigzag(m[0]));
    if (n == 1) {
      return;
    }
    int from = 1;
    if (dod) {
      w.varint(zigzag(m[1] - m[0]));
      from = 2;
    }
    int i = from;
    while (i < n) {
      long x = next(m, i, dod);
      w.varint(zigzag(x));
      i++;
      if (x == 0) {
        int zeros = 0;
        while (i < n && next(m, i, dod) == 0) {
          zeros++;
          i++;
        }
        w.varint(zeros);
      }
    }
  }

  private static long next(long[] m, int i, boolean dod) {
    long delta = m[i] - m[i - 1];
    return dod ? delta - (m[i - 1] - m[i - 2]) : delta;
  }

  /** Decodes what {@link #encode} wrote. */
  public static Points decode(byte[] data) {
    Reader r = new Reader(data);
    byte format = r.get();
    if (format == FORMAT_2) {
      return decodeCompact(r);
    }
    if (format != FORMAT_1) {
      throw new IllegalArgumentException("unknown point block format " + format);
    }
    int n = (int) r.varint();
    if (n == 0) {
      return Points.empty();
    }
    long[] ts = new long[n];
    double[] vs = new double[n];
    ts[0] = unzigzag(r.varint());
    long delta = 0;
    for (int i = 1; i < n; i++) {
      long v = unzigzag(r.varint());
      delta = i == 1 ? v : delta + v;
      ts[i] = ts[i - 1] + delta;
    }
    readXorValues(r, vs);
    return Points.of(ts, vs);
  }

  private static Points decodeCompact(Reader r) {
    int n = (int) r.varint();
    if (n == 0) {
      return Points.empty();
    }
    long[] ts = new long[n];
    double[] vs = new double[n];
    ts[0] = unzigzag(r.varint());
    int i = 1;
    while (i < n) {
      long delta = unzigzag(r.varint());
      long run = r.varint();
      if (run < 1 || run > n - i) {
        throw new IllegalArgumentException("bad timestamp run " + run + " at point " + i);
      }
      for (long k = 0; k < run; k++, i++) {
        ts[i] = ts[i - 1] + delta;
      }
    }
    int scale = r.get() & 0xFF;
    if (scale == RAW_VALUES) {
      readXorValues(r, vs);
      return Points.of(ts, vs);
    }
    if (scale > MAX_DECIMALS) {
      throw new IllegalArgumentException("bad decimal scale " + scale);
    }
    boolean dod = r.get() == 1;
    long[] m = new long[n];
    m[0] = unzigzag(r.varint());
    int from = 1;
    if (dod && n > 1) {
      m[1] = m[0] + unzigzag(r.varint());
      from = 2;
    }
    int j = from;
    while (j < n) {
      long x = unzigzag(r.varint());
      j = put(m, j, x, dod);
      if (x == 0) {
        long zeros = r.varint();
        if (zeros > n - j) {
          throw new IllegalArgumentException("bad run of " + zeros + " at point " + j);
        }
        for (long k = 0; k < zeros; k++) {
          j = put(m, j, 0, dod);
        }
      }
    }
    double factor = 1;
    for (int e = 0; e < scale; e++) {
      factor *= 10;
    }
    for (int k = 0; k < n; k++) {
      vs[k] = m[k] / factor;
    }
    return Points.of(ts, vs);
  }

  /** Sets {@code m[j]} from its delta (or delta-of-delta) {@code x}; returns {@code j + 1}. */
  private static int put(long[] m, int j, long x, boolean dod) {
    long delta = dod ? (m[j - 1] - m[j - 2]) + x : x;
    m[j] = m[j - 1] + delta;
    return j + 1;
  }

  private static void readXorValues(Reader r, double[] vs) {
    int n = vs.length;
    long bits = 0;
    for (int b = 0; b < 8; b++) {
      bits = bits << 8 | (r.get() & 0xFF);
    }
    vs[0] = Double.longBitsToDouble(bits);
    for (int i = 1; i < n; i++) {
      int control = r.get() & 0xFF;
      if (control != 0) {
        int lead = (control >>> 3) & 7;
        int trail = control & 7;
        long xor = 0;
        for (int b = 7 - lead; b >= trail; b--) {
          xor |= (long) (r.get() & 0xFF) << (b * 8);
        }
        bits ^= xor;
      }
      vs[i] = Double.longBitsToDouble(bits);
    }
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static final class Writer {
    private byte[] buf;
    private int pos;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    void put(byte b) {
      if (pos == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[pos++] = b;
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        put((byte) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      put((byte) v);
    }

    void putAll(Writer other) {
      for (int i = 0; i < other.pos; i++) {
        put(other.buf[i]);
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, pos);
    }
  }

  private static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    byte get() {
      if (pos >= buf.length) {
        throw new IllegalArgumentException("point block truncated at byte " + pos);
      }
      return buf[pos++];
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = get();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long at byte " + pos);
    }
  }
}
