/** Test fixtures: an in-memory store behind the storage port, and a clock moved by hand. */
package io.almanac.testing;
