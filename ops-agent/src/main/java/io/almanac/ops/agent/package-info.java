/**
 * The ops agent: keeps one WebSocket connection to the ops server, runs the commands it is sent as
 * process trees with timeouts, and keeps every final report in an on-disk journal until the server
 * acknowledges it.
 */
package io.almanac.ops.agent;
