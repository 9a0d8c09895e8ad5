package io.almanac.collector.alerting;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.almanac.alerting.AlertStateStore;
import io.almanac.alerting.AlertingService;
import io.almanac.alerting.AlertingSettings;
import io.almanac.alerting.delivery.AlertDelivery;
import io.almanac.alerting.delivery.DeliveryTarget;
import io.almanac.collector.config.AlertingConfig;
import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.prometheus.PrometheusQueries;
import io.almanac.runtime.HangupSignal;
import io.almanac.runtime.Lifecycle;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts alerting in the collector: rules evaluated on the Prometheus API's queries, recorded
 * series written through ingest, state in the store, delivery to the configured Alertmanagers and
 * webhooks, reload on SIGHUP. What it starts is owned by the collector's lifecycle.
 */
public final class CollectorAlerting {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorAlerting.class);

  private CollectorAlerting() {}

  /**
   * Starts alerting under {@code config}, or returns null when no rule files are configured.
   *
   * @param defaultExternalUrl the collector's address when the config gives none
   */
  public static AlertingService start(
      AlertingConfig config,
      String defaultExternalUrl,
      PrometheusQueries queries,
      IngestService ingest,
      String hostName,
      AlertStateStore store,
      MetricRegistry registry,
      Lifecycle lifecycle) {
    if (!config.enabled()) {
      return null;
    }
    String external = config.externalUrl().isEmpty() ? defaultExternalUrl : config.externalUrl();
    List<DeliveryTarget> targets = new ArrayList<>();
    for (URI u : config.alertmanagers()) {
      targets.add(new DeliveryTarget(DeliveryTarget.Kind.ALERTMANAGER, u));
    }
    for (URI u : config.webhooks()) {
      targets.add(new DeliveryTarget(DeliveryTarget.Kind.WEBHOOK, u));
    }
    if (targets.isEmpty()) {
      LOG.warn(
          "Alert rules are evaluated but no Alertmanager or webhook is configured"
              + " (almanac.alerting.alertmanager.urls, almanac.alerting.webhook.urls)");
    }
    AlertDelivery delivery =
        lifecycle.own(
            "alert delivery",
            new AlertDelivery(
                targets,
                new AlertDelivery.Settings(
                    config.queueCapacity(),
                    4,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(10),
                    external)));
    registry.register("alerting.delivery.sent", (Gauge<Long>) delivery::sent);
    registry.register("alerting.delivery.failed", (Gauge<Long>) delivery::failed);
    registry.register("alerting.delivery.dropped", (Gauge<Long>) delivery::dropped);
    registry.register("alerting.delivery.queued", (Gauge<Integer>) delivery::queued);
    AlertingService alerting =
        lifecycle.own(
            "alerting",
            new AlertingService(
                new AlertingSettings(
                    config.ruleFiles(),
                    config.evaluationInterval().toMillis(),
                    config.resendDelay().toMillis(),
                    external),
                queries::instant,
                new IngestRecordedSeries(ingest, hostName),
                store,
                delivery,
                System::currentTimeMillis));
    registry.register(
        "alerting.rules.failing",
        (Gauge<Long>)
            () ->
                alerting.groups().stream()
                    .flatMap(g -> g.rules().stream())
                    .filter(r -> r.health().equals("err"))
                    .count());
    alerting.start();
    if (!HangupSignal.onHangup(
        () -> {
          Thread t = new Thread(alerting::reload, "almanac-rules-reload");
          t.setDaemon(true);
          t.start();
        })) {
      LOG.info("SIGHUP cannot be handled here; reload the rules with POST /-/reload");
    }
    return alerting;
  }
}
