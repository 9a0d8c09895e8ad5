/**
 * Rollup math, the 30 s time slicer and the checkpointed aggregation jobs, over the store
 * interfaces of {@code io.almanac.model.store}.
 */
package io.almanac.aggregators;
