-- The credential each enrolled agent host holds: the SHA-256 of its host token and the serial of
-- its client certificate. A revoked row keeps the host from connecting and from enrolling again
-- until an admin forgets it.
CREATE TABLE ops_agent_credential (
  hostname      VARCHAR(255) PRIMARY KEY,
  token_sha256  VARCHAR(64)  NOT NULL,
  cert_serial   VARCHAR(64)  NOT NULL,
  issued_at     BIGINT       NOT NULL,
  revoked_at    BIGINT
);
CREATE UNIQUE INDEX ops_agent_credential_token ON ops_agent_credential (token_sha256);
