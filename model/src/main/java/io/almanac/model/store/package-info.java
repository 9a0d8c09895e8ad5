/**
 * The storage port: interfaces the collector's ingest and query code use and storage implements.
 */
package io.almanac.model.store;
