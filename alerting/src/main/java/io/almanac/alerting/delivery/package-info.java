/** Delivery of alerts to Alertmanagers (API v2) and webhooks (Alertmanager's webhook JSON). */
package io.almanac.alerting.delivery;
