package io.almanac.ops.server.model;

/**
 * What an enrolled agent host holds, as the server remembers it.
 *
 * @param tokenSha256 hex SHA-256 of the host token (the token itself is never stored)
 * @param certificateSerial hex serial of the client certificate issued with it
 * @param issuedAt epoch millis
 * @param revokedAt epoch millis, or null while valid
 */
public record AgentCredential(
    String hostname, String tokenSha256, String certificateSerial, long issuedAt, Long revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
