package io.almanac.runtime.security;

/**
 * Who made a request, as the access guard established it.
 *
 * @param name the token's name from the tokens file, or {@code anonymous@ADDRESS} for a caller let
 *     in by its network
 * @param role the role it acts with
 */
public record Caller(String name, String role) {
  /** The request attribute under which the guard leaves the caller for the handlers. */
  public static final String ATTRIBUTE = "almanac.caller";
}
