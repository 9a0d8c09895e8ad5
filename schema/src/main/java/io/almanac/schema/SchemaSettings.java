package io.almanac.schema;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the DDL is rendered with: HBase table options and the TTL of every expiring table.
 *
 * @param dataBlockEncoding HBase data block encoding, e.g. {@code FAST_DIFF}
 * @param compression HBase compression, e.g. {@code SNAPPY}
 * @param ttlSeconds TTL per table; tables missing here get their default
 */
public record SchemaSettings(
    String dataBlockEncoding, String compression, Map<Table, Long> ttlSeconds) {
  /** Fills in default TTLs and checks the values. */
  public SchemaSettings {
    Objects.requireNonNull(dataBlockEncoding, "dataBlockEncoding");
    Objects.requireNonNull(compression, "compression");
    EnumMap<Table, Long> all = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (t.hasTtl()) {
        long ttl = ttlSeconds.getOrDefault(t, t.defaultTtlSeconds());
        if (ttl <= 0) {
          throw new IllegalArgumentException(t.ttlKey() + " must be positive, got " + ttl);
        }
        all.put(t, ttl);
      }
    }
    ttlSeconds = java.util.Collections.unmodifiableMap(all);
  }

  /** AMS defaults everywhere. */
  public static SchemaSettings defaults() {
    return new SchemaSettings("FAST_DIFF", "SNAPPY", Map.of());
  }

  /** The TTL of {@code table} in seconds. */
  public long ttl(Table table) {
    return ttlSeconds.get(table);
  }
}
