-- Who has a lobby socket open, on any server process: each process refreshes its
-- users' rows while their sockets live. Members of a waiting room whose row went
-- stale (their process died with the socket) are taken out of the room.
CREATE TABLE lobby_presence (
    user_id object_id PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    seen_at timestamptz NOT NULL DEFAULT now()
);
