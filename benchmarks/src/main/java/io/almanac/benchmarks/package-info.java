/** Load generator, side-by-side harness against VictoriaMetrics, and JMH micro-benchmarks. */
package io.almanac.benchmarks;
