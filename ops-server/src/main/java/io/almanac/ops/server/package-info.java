/** Staged command execution server (filled by the ops issue). */
package io.almanac.ops.server;
