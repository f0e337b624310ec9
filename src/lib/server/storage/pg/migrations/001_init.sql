-- Sandtable's first PostgreSQL schema: one table (or a few) per store of src/lib/server/storage.
-- Records are kept whole as `json` (the text exactly as the app wrote it, key order included),
-- beside the columns that queries and constraints need. docs/storage.md describes each table.

-- Accounts (AccountStore). `position` keeps the order users and tokens were added in.
CREATE TABLE users (
	id text PRIMARY KEY,
	email text NOT NULL UNIQUE CHECK (email = lower(email)),
	position bigserial NOT NULL,
	record json NOT NULL
);

CREATE TABLE login_sessions (
	id text PRIMARY KEY,
	user_id text NOT NULL,
	expires_at timestamptz NOT NULL,
	record json NOT NULL
);
CREATE INDEX login_sessions_user ON login_sessions (user_id);

CREATE TABLE api_tokens (
	id text PRIMARY KEY,
	user_id text NOT NULL,
	token_hash text NOT NULL,
	position bigserial NOT NULL,
	record json NOT NULL
);
CREATE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE user_tokens (
	id text PRIMARY KEY,
	user_id text NOT NULL,
	purpose text NOT NULL,
	expires_at timestamptz NOT NULL,
	record json NOT NULL
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);

-- Exercise sessions (SessionStore). A frozen scenario is stored once per distinct content
-- (`sha256` of its JSON text), however many sessions run it.
CREATE TABLE scenarios (
	sha256 text PRIMARY KEY,
	scenario_id text NOT NULL,
	scenario json NOT NULL
);

CREATE TABLE sessions (
	id text PRIMARY KEY,
	position bigserial NOT NULL,
	status text NOT NULL,
	scenario_sha256 text NOT NULL REFERENCES scenarios (sha256),
	meta json NOT NULL
);

CREATE TABLE session_tokens (
	session_id text NOT NULL REFERENCES sessions (id),
	token_hash text NOT NULL,
	participant_id text NOT NULL,
	PRIMARY KEY (session_id, token_hash)
);

-- The event log: (session_id, seq) is the primary key, so two writers can never both record
-- the same position of a session.
CREATE TABLE session_events (
	session_id text NOT NULL REFERENCES sessions (id),
	seq integer NOT NULL CHECK (seq >= 1),
	event json NOT NULL,
	PRIMARY KEY (session_id, seq)
);

CREATE TABLE summaries (
	session_id text PRIMARY KEY,
	summary json NOT NULL
);

-- The IR plan (PlanRevisionStore): revisions numbered 1, 2, 3... and never changed.
CREATE TABLE plan_revisions (
	rev integer PRIMARY KEY CHECK (rev >= 1),
	revision json NOT NULL
);

-- Improvement items (ImprovementItemStore). `version` is the length of the item's history, the
-- value a replace is checked against. Items without a draft key (NULL) never clash.
CREATE TABLE improvement_items (
	id text PRIMARY KEY,
	position bigserial NOT NULL,
	session_id text NOT NULL,
	draft_key text,
	version integer NOT NULL,
	item json NOT NULL,
	UNIQUE (session_id, draft_key)
);

CREATE TABLE debrief_edits (
	session_id text PRIMARY KEY,
	edits json NOT NULL
);

-- The audit log (AuditStore): entries numbered from 1, each chained to the one before. Appends
-- take a transaction-level advisory lock, so writers on several app instances keep one chain.
CREATE TABLE audit_entries (
	seq bigint PRIMARY KEY CHECK (seq >= 1),
	entry json NOT NULL
);

-- The webhook's delivery log (WebhookDeliveryStore): saved whole, one row.
CREATE TABLE webhook_deliveries (
	id integer PRIMARY KEY CHECK (id = 1),
	deliveries json NOT NULL
);

-- The readiness probe's durable write (one row per app process); no store reads it.
CREATE TABLE readiness_probe (
	instance text PRIMARY KEY,
	at timestamptz NOT NULL
);
