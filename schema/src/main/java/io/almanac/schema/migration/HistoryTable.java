package io.almanac.schema.migration;

/**
 * Where a database records the migrations applied to it, in that database's dialect.
 *
 * @param createSql creates the table if it does not exist
 * @param versionsSql selects the applied versions (one integer column)
 * @param recordSql records one migration: parameters version, name, applied-at epoch milliseconds
 * @param recordsScriptName whether the name recorded is the script's file name (else its
 *     description)
 */
public record HistoryTable(
    String createSql, String versionsSql, String recordSql, boolean recordsScriptName) {}
