-- The organisation profile (OrganisationStore): one current revision. A save inserts the next
-- revision number; the primary key settles two people saving the same one.
CREATE TABLE organisation_profiles (
	rev integer PRIMARY KEY CHECK (rev >= 1),
	stored json NOT NULL
);
