-- A join looks up the open session with a code (SessionStore.openWithJoinCode): an index on the
-- code of the sessions not ended, instead of reading every stored session per join.
CREATE INDEX sessions_open_by_join_code ON sessions ((meta ->> 'joinCode')) WHERE status <> 'ended';
