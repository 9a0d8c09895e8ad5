/** Agent for staged command execution (filled by the ops issue). */
package io.almanac.ops.agent;
