/**
 * The one SQL migration runner, for the metric store (Phoenix) and the ops database (H2,
 * PostgreSQL): versioned {@code V<nnn>__<description>.sql} resources, each applied once, in order,
 * and recorded in a history table.
 */
package io.almanac.schema.migration;
