-- Attempts counted by the sign-in and second-factor limiters, shared by app instances (issue 14).
-- A row per counted attempt, keyed by the sha256 of the limiter's scope and key (no address or
-- email in clear); a row counts until `expires_at`, and expired rows are swept away.
CREATE TABLE attempts (
	id bigserial PRIMARY KEY,
	key_hash text NOT NULL,
	expires_at timestamptz NOT NULL
);
CREATE INDEX attempts_by_key ON attempts (key_hash, expires_at);
