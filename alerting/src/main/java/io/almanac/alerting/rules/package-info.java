/** Prometheus-format rule files: loading, validation, templates. */
package io.almanac.alerting.rules;
