package io.almanac.collector.http;

import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.query.QueryService;
import io.almanac.model.store.MetadataReader;

/**
 * What the HTTP resources call once storage is up.
 *
 * @param ingest the write path
 * @param query the read path
 * @param metadata metric and host metadata
 */
public record Services(IngestService ingest, QueryService query, MetadataReader metadata) {}
