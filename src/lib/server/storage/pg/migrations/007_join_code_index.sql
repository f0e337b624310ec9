-- A join looks up the session with a code (SessionStore.withJoinCode): an index on the code,
-- instead of reading every stored session per join.
CREATE INDEX sessions_by_join_code ON sessions ((meta ->> 'joinCode'));
