package io.almanac.collector.config;

import io.almanac.cli.ByteSizes;
import io.almanac.cli.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The merged raw values of a configuration, read as the type each key declares; what does not parse
 * is recorded as an error naming the key and the key's default is used meanwhile, so that all
 * errors of a file are found in one go.
 */
final class ConfigValues {
  private final Map<String, String> values;
  private final List<String> errors;

  ConfigValues(Map<String, String> values, List<String> errors) {
    this.values = values;
    this.errors = errors;
  }

  /** Records an error found while reading. */
  void error(String message) {
    errors.add(message);
  }

  /** The text given for {@code key}, or its default. */
  String raw(ConfigKey key) {
    return values.getOrDefault(key.name(), key.defaultValue());
  }

  /** The value of {@code key} read with {@code parser}; {@code expected} says what is accepted. */
  <T> T get(ConfigKey key, Function<String, T> parser, String expected) {
    return parse(key, raw(key), parser, expected, parser.apply(key.defaultValue()));
  }

  /**
   * {@code text}, a part of {@code key}'s value, read with {@code parser}; {@code fallback} if it
   * fails.
   */
  <T> T parse(ConfigKey key, String text, Function<String, T> parser, String expected, T fallback) {
    try {
      return parser.apply(text.trim());
    } catch (RuntimeException e) {
      errors.add(key.name() + " must be " + expected + ", got '" + text + "'");
      return fallback;
    }
  }

  /** A {@link ConfigKey.ValueKind#TEXT} value. */
  String text(ConfigKey key) {
    return read(key, ConfigKey.ValueKind.TEXT, text -> text);
  }

  /** A {@link ConfigKey.ValueKind#BOOLEAN} value. */
  boolean bool(ConfigKey key) {
    return read(key, ConfigKey.ValueKind.BOOLEAN, ConfigValues::strictBoolean);
  }

  /** A {@link ConfigKey.ValueKind#DURATION} value. */
  Duration duration(ConfigKey key) {
    return read(key, ConfigKey.ValueKind.DURATION, Durations::parse);
  }

  /** A {@link ConfigKey.ValueKind#SIZE} value, in bytes. */
  long size(ConfigKey key) {
    return read(key, ConfigKey.ValueKind.SIZE, ByteSizes::parse);
  }

  /** A {@link ConfigKey.ValueKind#NUMBER} value. */
  long number(ConfigKey key) {
    return read(key, ConfigKey.ValueKind.NUMBER, Long::parseLong);
  }

  /** A {@link ConfigKey.ValueKind#POSITIVE} value that fits an int. */
  int positiveInt(ConfigKey key) {
    return (int) positive(key, Integer::parseInt);
  }

  /** A {@link ConfigKey.ValueKind#POSITIVE} value. */
  long positiveLong(ConfigKey key) {
    return positive(key, Long::parseLong);
  }

  private long positive(ConfigKey key, Function<String, ? extends Number> parser) {
    long n = read(key, ConfigKey.ValueKind.POSITIVE, parser).longValue();
    if (n <= 0) {
      errors.add(key.name() + " must be positive, got " + n);
      return parser.apply(key.defaultValue()).longValue();
    }
    return n;
  }

  /**
   * The value of {@code key}, declared with {@code kind} (reading it as another kind is a
   * programming error), read with {@code parser}.
   */
  private <T> T read(ConfigKey key, ConfigKey.ValueKind kind, Function<String, T> parser) {
    if (key.kind() != kind) {
      throw new IllegalStateException(
          key.name() + " is declared " + key.kind() + ", read as " + kind);
    }
    return get(key, parser, kind.expected());
  }

  private static boolean strictBoolean(String s) {
    if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(s);
    }
    return Boolean.parseBoolean(s);
  }
}
