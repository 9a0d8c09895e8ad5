/** Alert rules: loading, evaluation with Prometheus's states, persistence port, delivery. */
package io.almanac.alerting;
