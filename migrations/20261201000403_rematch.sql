-- A rematch is a new room for the players of a finished game; it remembers the game,
-- so every player who asks for one lands in the same room.
ALTER TABLE games ADD COLUMN rematch_of object_id REFERENCES games (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX games_rematch_idx ON games (rematch_of) WHERE rematch_of IS NOT NULL;
