package io.almanac.ops.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The persistence contract on the embedded default database, in files as in production. */
class H2StoreTest extends StoreContract {

  @TempDir Path dataDir;
  private int count;

  @Override
  String[] newDatabase() {
    return new String[] {OpsDatabase.embeddedUrl(dataDir.resolve("db" + ++count)), null, null};
  }
}
