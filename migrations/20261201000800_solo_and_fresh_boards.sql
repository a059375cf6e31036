-- Leaderboards per board (a game mode, or the solo pool), refreshed soon after a
-- rating changes; puzzles rated as players of the solo pool.

-- A snapshot belongs to a board: a game mode's name, or 'solo'.
ALTER TABLE leaderboard_snapshots ADD COLUMN board text;
UPDATE leaderboard_snapshots SET board = game_mode::text;
ALTER TABLE leaderboard_snapshots ALTER COLUMN board SET NOT NULL;
ALTER TABLE leaderboard_snapshots DROP COLUMN game_mode;
CREATE UNIQUE INDEX leaderboard_snapshots_board_hour_key ON leaderboard_snapshots (board, hour);

-- Written by the transaction that changes a board's ratings (one row per change, so
-- concurrent games never wait for each other here); the snapshot loop deletes a
-- board's rows in the transaction that takes its snapshot again, so a crash leaves
-- them for the next try, and of two processes only one sees them.
CREATE TABLE leaderboard_stale (
    board     text NOT NULL,
    change_id object_id NOT NULL,
    PRIMARY KEY (board, change_id)
);

-- The solo pool: every approved puzzle is a Glicko-2 player, and so is every user.
CREATE TABLE puzzle_ratings (
    puzzle_id     object_id PRIMARY KEY REFERENCES puzzles (id) ON DELETE CASCADE,
    rating        double precision NOT NULL DEFAULT 1500,
    deviation     double precision NOT NULL DEFAULT 350 CHECK (deviation > 0),
    volatility    double precision NOT NULL DEFAULT 0.06 CHECK (volatility > 0),
    matches       integer NOT NULL DEFAULT 0 CHECK (matches >= 0),
    -- Matches the puzzle won: the player's submission failed.
    wins          integer NOT NULL DEFAULT 0 CHECK (wins BETWEEN 0 AND matches),
    last_match_at timestamptz
);
CREATE INDEX puzzle_ratings_rating_idx ON puzzle_ratings (rating);

CREATE TABLE solo_ratings (
    user_id        object_id PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    rating         double precision NOT NULL DEFAULT 1500,
    deviation      double precision NOT NULL DEFAULT 350 CHECK (deviation > 0),
    volatility     double precision NOT NULL DEFAULT 0.06 CHECK (volatility > 0),
    matches        integer NOT NULL DEFAULT 0 CHECK (matches >= 0),
    wins           integer NOT NULL DEFAULT 0 CHECK (wins BETWEEN 0 AND matches),
    current_streak integer NOT NULL DEFAULT 0 CHECK (current_streak >= 0),
    best_streak    integer NOT NULL DEFAULT 0 CHECK (best_streak >= current_streak),
    rank           integer CHECK (rank >= 1),
    last_match_at  timestamptz
);

-- A user's first judged submission on a puzzle, as a match: the key (user, puzzle)
-- makes it the first and only one; the ratings around it are kept for the replay's
-- check and the profile.
CREATE TABLE solo_matches (
    user_id                  object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    puzzle_id                object_id NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
    submission_id            object_id NOT NULL UNIQUE REFERENCES submissions (id) ON DELETE CASCADE,
    solved                   boolean NOT NULL,
    player_rating_before     double precision NOT NULL,
    player_rating_after      double precision NOT NULL,
    puzzle_rating_before     double precision NOT NULL,
    puzzle_rating_after      double precision NOT NULL,
    rated_at                 timestamptz NOT NULL,
    PRIMARY KEY (user_id, puzzle_id)
);
CREATE INDEX solo_matches_order_idx ON solo_matches (rated_at, submission_id);
