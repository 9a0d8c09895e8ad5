/** The collector's side of alerting: recorded series through ingest, and the wiring. */
package io.almanac.collector.alerting;
