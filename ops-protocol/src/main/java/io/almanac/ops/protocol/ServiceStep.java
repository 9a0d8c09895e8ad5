package io.almanac.ops.protocol;

/**
 * What a service task does to one component on one host. The agent runs the component's scripts and
 * holds them to the service contract: {@code status} exits 0 when the component runs, 3 when it
 * does not, anything else means the script is broken; a stop is done only once status says 3, a
 * start only once status says 0 and the readiness check holds.
 *
 * @param readiness null: status 0 is ready enough
 */
public record ServiceStep(
    ServiceAction action,
    String service,
    String component,
    ComponentScripts scripts,
    Readiness readiness) {}
