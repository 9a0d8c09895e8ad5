/** Versioned Phoenix DDL, the table catalogue and the migrator. */
package io.almanac.schema;
