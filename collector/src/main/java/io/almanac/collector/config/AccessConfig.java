package io.almanac.collector.config;

import io.almanac.runtime.security.Networks;
import java.nio.file.Path;

/**
 * Who may use the collector.
 *
 * @param tokens the tokens file ({@code almanac.security.tokens})
 * @param openWriteNetworks networks whose callers may write (and read) without a token
 */
public record AccessConfig(Path tokens, Networks openWriteNetworks) {}
