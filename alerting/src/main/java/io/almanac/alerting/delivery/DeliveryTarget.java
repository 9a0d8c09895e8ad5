package io.almanac.alerting.delivery;

import java.net.URI;

/**
 * Where alerts are delivered.
 *
 * @param kind an Alertmanager or a plain webhook
 * @param uri for an Alertmanager its base address ({@code /api/v2/alerts} is added), for a webhook
 *     the address posted to
 */
public record DeliveryTarget(Kind kind, URI uri) {
  /** The two kinds of receiver. */
  public enum Kind {
    /** An Alertmanager: {@code POST /api/v2/alerts} with a list of alerts. */
    ALERTMANAGER,
    /** A webhook: Alertmanager's webhook message. */
    WEBHOOK
  }

  /** The address a batch is posted to. */
  public URI postUri() {
    if (kind == Kind.WEBHOOK) {
      return uri;
    }
    String base = uri.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "api/v2/alerts");
  }
}
