package io.almanac.collector.config;

import io.almanac.schema.SchemaSettings;

/**
 * Everything the collector is configured with, typed and validated; built only by {@link
 * ConfigLoader}.
 *
 * @param http the HTTP listener
 * @param storage where data lives
 * @param ingest the write path
 * @param query the read path
 * @param schema table options and TTLs
 * @param aggregation the aggregators
 * @param selfMetricsInterval how often the collector stores its own metrics as series (appid
 *     almanac); zero: never
 */
public record CollectorConfig(
    HttpConfig http,
    StorageConfig storage,
    IngestConfig ingest,
    QueryConfig query,
    SchemaSettings schema,
    AggregationConfig aggregation,
    AlertingConfig alerting,
    java.time.Duration selfMetricsInterval) {}
