-- Several app instances on one database (issue 14): which instance runs a session's clock
-- (timed releases, deadlines, attacker stages), until when. An instance takes a row that is
-- free or expired; the holder renews it while it lives, so a dead holder's sessions pass on.
CREATE TABLE session_leases (
	session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
	holder text NOT NULL,
	expires_at timestamptz NOT NULL
);
