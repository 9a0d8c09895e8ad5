package io.almanac.model;

import java.util.Locale;
import java.util.Optional;

/** The resolution a query reads: raw points or one of the rollups. */
public enum Precision {
  /** Raw points (METRIC_RECORD) or 30 s cluster slices. */
  SECONDS,
  /** 5-minute rollups. */
  MINUTES,
  /** Hourly rollups. */
  HOURS,
  /** Daily rollups. */
  DAYS;

  /** Parses AMS's {@code precision} parameter in any case; empty when blank (automatic choice). */
  public static Optional<Precision> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "precision should be seconds, minutes, hours or days, got '" + text + "'", e);
    }
  }
}
