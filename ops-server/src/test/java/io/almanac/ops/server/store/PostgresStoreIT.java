package io.almanac.ops.server.store;

import io.almanac.ops.server.testing.LocalPostgres;

/** The persistence contract on a real PostgreSQL server started for the test JVM. */
class PostgresStoreIT extends StoreContract {

  @Override
  String[] newDatabase() {
    LocalPostgres postgres = LocalPostgres.shared();
    return new String[] {postgres.newDatabase(), postgres.user(), null};
  }
}
