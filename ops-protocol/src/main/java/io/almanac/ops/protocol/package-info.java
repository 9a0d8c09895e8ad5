/**
 * The agent channel: JSON text frames over one WebSocket per agent.
 *
 * <p>Every message carries an id. A receiver answers a {@link Ack} with that id once it has taken
 * responsibility for the message: the server after committing a report to its database, the agent
 * after it has accepted a command. Anything not acknowledged is sent again, so both sides handle
 * repeats idempotently.
 */
package io.almanac.ops.protocol;
