package io.almanac.ops.server.engine;

import io.almanac.ops.server.model.OutboxEntry;
import java.util.ArrayList;
import java.util.List;

/** Outbox entries written in the current transaction, to be sent once it has committed. */
final class Outgoing {

  private final List<OutboxEntry> entries = new ArrayList<>();
  private final List<Long> requestsToAdvance = new ArrayList<>();

  void add(OutboxEntry entry) {
    entries.add(entry);
  }

  List<OutboxEntry> entries() {
    return entries;
  }

  void advanceLater(long requestId) {
    if (!requestsToAdvance.contains(requestId)) {
      requestsToAdvance.add(requestId);
    }
  }

  List<Long> requestsToAdvance() {
    return requestsToAdvance;
  }
}
