/**
 * The ops server: requests of ordered stages of tasks, run on cluster hosts by ops agents.
 *
 * <p>{@code model} holds the values and the status rules, {@code store} the JDBC persistence (H2 or
 * PostgreSQL), {@code engine} the single-threaded scheduler that owns all task state, {@code
 * channel} the agents' WebSocket endpoint and {@code http} the REST API. See docs/ops.md.
 */
package io.almanac.ops.server;
