-- The session store's table (tower-sessions' PostgreSQL store creates the same one
-- at start-up), declared here so queries about sessions are checked like the others.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id          text PRIMARY KEY NOT NULL,
    data        bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
