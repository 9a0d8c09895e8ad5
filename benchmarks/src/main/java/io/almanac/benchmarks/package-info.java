/** Load generator and benchmark harness (filled by the benchmark issue). */
package io.almanac.benchmarks;
