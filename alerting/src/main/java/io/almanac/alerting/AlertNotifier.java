package io.almanac.alerting;

import java.util.List;

/** Where alerts to deliver go; it must not block evaluation (queue, and send elsewhere). */
public interface AlertNotifier {
  /** Hands {@code alerts} over for delivery. */
  void send(List<OutgoingAlert> alerts);
}
