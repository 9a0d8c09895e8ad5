package io.almanac.model.store;

/**
 * YARN's statistics of one finished container, as AMS's {@code ContainerMetric} posts them (memory
 * in MB, times in epoch ms, durations in ms).
 *
 * @param appId the YARN application
 * @param containerId the container
 * @param hostName where it ran
 * @param pmemLimit physical memory limit, MB
 * @param vmemLimit virtual memory limit, MB
 * @param pmemUsedAvg mean physical memory used, MB
 * @param pmemUsedMin least physical memory used, MB
 * @param pmemUsedMax most physical memory used, MB
 * @param pmem50Pct median physical memory used, MB
 * @param pmem75Pct 75th percentile, MB
 * @param pmem90Pct 90th percentile, MB
 * @param pmem95Pct 95th percentile, MB
 * @param pmem99Pct 99th percentile, MB
 * @param launchDuration ms
 * @param localizationDuration ms
 * @param startTime epoch ms
 * @param finishTime epoch ms
 * @param exitCode the container's exit code
 */
public record ContainerMetric(
    String appId,
    String containerId,
    String hostName,
    int pmemLimit,
    int vmemLimit,
    int pmemUsedAvg,
    int pmemUsedMin,
    int pmemUsedMax,
    int pmem50Pct,
    int pmem75Pct,
    int pmem90Pct,
    int pmem95Pct,
    int pmem99Pct,
    long launchDuration,
    long localizationDuration,
    long startTime,
    long finishTime,
    int exitCode) {}
