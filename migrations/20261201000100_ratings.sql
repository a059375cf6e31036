-- Ratings: who a game rates, each rating change, and hourly leaderboard snapshots.

-- Players who joined a game after it started play it but are not rated by it.
ALTER TABLE game_players ADD COLUMN late boolean NOT NULL DEFAULT false;

-- One row per rated player per game: the rating before and after, and the rank.
CREATE TABLE rating_history (
    game_id           object_id NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    user_id           object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    game_mode         game_mode NOT NULL,
    rating_before     double precision NOT NULL,
    deviation_before  double precision NOT NULL CHECK (deviation_before > 0),
    rating_after      double precision NOT NULL,
    deviation_after   double precision NOT NULL CHECK (deviation_after > 0),
    volatility_after  double precision NOT NULL CHECK (volatility_after > 0),
    rank              integer NOT NULL CHECK (rank >= 1),
    rated_at          timestamptz NOT NULL,
    -- A game rates each player once: a second application fails and rolls back.
    PRIMARY KEY (game_id, user_id)
);
CREATE INDEX rating_history_user_idx ON rating_history (user_id, game_mode, rated_at);

-- The rows of a snapshot live in their own table, so a page reads 50 rows, not the
-- whole ranking. One snapshot per mode and hour; older ones are deleted.
ALTER TABLE leaderboard_snapshots DROP COLUMN entries;
ALTER TABLE leaderboard_snapshots ADD COLUMN hour timestamptz NOT NULL DEFAULT date_trunc('hour', now());
ALTER TABLE leaderboard_snapshots ADD COLUMN entry_count integer NOT NULL DEFAULT 0 CHECK (entry_count >= 0);
CREATE UNIQUE INDEX leaderboard_snapshots_hour_key ON leaderboard_snapshots (game_mode, hour);

CREATE TABLE leaderboard_entries (
    snapshot_id   object_id NOT NULL REFERENCES leaderboard_snapshots (id) ON DELETE CASCADE,
    position      integer NOT NULL CHECK (position >= 1),
    -- NULL for provisional players, who are listed but not ranked.
    rank          integer CHECK (rank >= 1),
    user_id       object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    username      text NOT NULL,
    rating        double precision NOT NULL,
    deviation     double precision NOT NULL,
    volatility    double precision NOT NULL,
    games_played  integer NOT NULL,
    games_won     integer NOT NULL,
    best_score    double precision NOT NULL,
    average_score double precision NOT NULL,
    rated_at      timestamptz,
    PRIMARY KEY (snapshot_id, position)
);
CREATE INDEX leaderboard_entries_user_idx ON leaderboard_entries (snapshot_id, user_id);
CREATE INDEX leaderboard_entries_username_idx ON leaderboard_entries (snapshot_id, lower(username) text_pattern_ops);

-- When the game's ratings were applied (taken once the players' rows are locked, so
-- games sharing a player are ordered as they were applied); the recompute replays in
-- this order.
ALTER TABLE games ADD COLUMN rated_at timestamptz;
CREATE INDEX games_rated_idx ON games ((coalesce(rated_at, finished_at, ends_at)), id) WHERE status = 'completed' AND rated;
