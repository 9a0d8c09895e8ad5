package io.almanac.ops.server.engine;

import io.almanac.ops.server.model.OutboxEntry;
import java.util.ArrayList;
import java.util.List;

/** Outbox entries written in the current transaction, to be sent once it has committed. */
final class Outgoing {

  private final List<OutboxEntry> entries = new ArrayList<>();
  private boolean passAgain;

  void add(OutboxEntry entry) {
    entries.add(entry);
  }

  List<OutboxEntry> entries() {
    return entries;
  }

  /** A task changed in a way that may change its stage's status: the requests need another pass. */
  void passAgain() {
    passAgain = true;
  }

  boolean needsAnotherPass() {
    return passAgain;
  }
}
