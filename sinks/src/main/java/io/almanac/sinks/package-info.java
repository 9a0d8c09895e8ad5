/** Sinks that feed the collector (filled by the sinks issue). */
package io.almanac.sinks;
