/** Rollup math and aggregation jobs (filled by the aggregator issue). */
package io.almanac.aggregators;
