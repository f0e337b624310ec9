-- The scenario studio (StudioStore): drafts edited in place under a revision number, and
-- published versions, only added, numbered per scenario id.
CREATE TABLE studio_drafts (
	id text PRIMARY KEY,
	revision integer NOT NULL CHECK (revision >= 1),
	updated_at bigint NOT NULL,
	draft json NOT NULL
);

CREATE TABLE studio_versions (
	scenario_id text NOT NULL,
	version integer NOT NULL CHECK (version >= 1),
	record json NOT NULL,
	PRIMARY KEY (scenario_id, version)
);
