package io.almanac.runtime.security;

/**
 * How a server checks its callers.
 *
 * @param tokens the tokens and the roles they carry
 * @param roles the server's roles, least allowed first
 * @param policy the role each request needs
 * @param openNetworks networks whose callers without credentials act as {@code openRole}
 * @param openRole the role of those callers (null when {@code openNetworks} is empty)
 * @param realm the realm named in the challenge of a 401
 */
public record AccessSettings(
    TokenLookup tokens,
    Roles roles,
    AccessPolicy policy,
    Networks openNetworks,
    String openRole,
    String realm) {}
