-- CodinCod schema: the whole data model. Enum values are spelled exactly as the legacy
-- API spells them, so the JSON API maps them one to one.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- 12-byte ObjectId-layout ids (4 bytes unix seconds, 5 random, 3 counter).
CREATE DOMAIN object_id AS bytea CHECK (octet_length(VALUE) = 12);
-- A list of ids. A domain over the array (not an array of the domain), so clients
-- see plain bytea[].
CREATE FUNCTION are_object_ids(ids bytea[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS
    $$ SELECT coalesce(bool_and(octet_length(id) = 12), true) FROM unnest(ids) AS id $$;
CREATE DOMAIN object_ids AS bytea[] NOT NULL CHECK (are_object_ids(VALUE));

CREATE TYPE user_role AS ENUM ('user', 'moderator');
CREATE TYPE ban_type AS ENUM ('temporary', 'permanent');
CREATE TYPE theme AS ENUM ('dark', 'light');
CREATE TYPE editor_keymap AS ENUM ('vim', 'emacs', 'vscode');
CREATE TYPE puzzle_visibility AS ENUM ('draft', 'ready', 'review', 'revise', 'approved', 'inactive', 'archived');
CREATE TYPE puzzle_difficulty AS ENUM ('beginner', 'intermediate', 'advanced', 'expert');
CREATE TYPE puzzle_tag AS ENUM ('algorithms', 'data_structures', 'mathematics', 'strings', 'arrays', 'math', 'graph_theory', 'dynamic_programming');
CREATE TYPE test_result AS ENUM ('success', 'error', 'unknown');
CREATE TYPE submission_status AS ENUM ('pending', 'judging', 'judged', 'failed');
CREATE TYPE comment_type AS ENUM ('puzzle-comment', 'comment-comment');
CREATE TYPE vote_type AS ENUM ('upvote', 'downvote');
CREATE TYPE problem_type AS ENUM ('puzzle', 'user', 'comment', 'game_chat');
CREATE TYPE review_status AS ENUM ('pending', 'resolved', 'rejected');
CREATE TYPE review_outcome AS ENUM ('approved', 'revise', 'rejected');
CREATE TYPE game_mode AS ENUM ('fastest', 'shortest', 'backwards', 'hardcore', 'debug', 'typeracer', 'efficiency', 'incremental', 'random');
CREATE TYPE game_visibility AS ENUM ('public', 'private');
CREATE TYPE game_status AS ENUM ('waiting', 'in_progress', 'completed');

-- Keeps updated_at current on every UPDATE.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- Accounts -----------------------------------------------------------------------------

CREATE TABLE users (
    id             object_id PRIMARY KEY,
    username       text NOT NULL CHECK (username ~ '^[a-zA-Z0-9_-]{3,20}$'),
    email          text NOT NULL CHECK (email = lower(btrim(email)) AND char_length(email) BETWEEN 3 AND 320),
    password_hash  text NOT NULL,
    profile        jsonb CHECK (profile IS NULL OR jsonb_typeof(profile) = 'object'),
    role           user_role NOT NULL DEFAULT 'user',
    report_count   integer NOT NULL DEFAULT 0 CHECK (report_count >= 0),
    ban_count      integer NOT NULL DEFAULT 0 CHECK (ban_count >= 0),
    current_ban_id object_id,
    -- Changing it ends every session of the user (ban, password change).
    session_key    bytea NOT NULL DEFAULT uuid_send(gen_random_uuid()),
    -- Failed logins in the current one-hour window (OWASP ASVS 2.2.1).
    failed_logins       integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    failed_logins_since timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE user_bans (
    id          object_id PRIMARY KEY,
    user_id     object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    banned_by   object_id REFERENCES users (id) ON DELETE SET NULL,
    ban_type    ban_type NOT NULL,
    reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 4000),
    starts_at   timestamptz NOT NULL DEFAULT now(),
    ends_at     timestamptz,
    is_active   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((ban_type = 'permanent') = (ends_at IS NULL)),
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX user_bans_user_idx ON user_bans (user_id, created_at DESC);
CREATE TRIGGER user_bans_touch BEFORE UPDATE ON user_bans FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

ALTER TABLE users ADD CONSTRAINT users_current_ban_fkey
    FOREIGN KEY (current_ban_id) REFERENCES user_bans (id) ON DELETE SET NULL;

CREATE TABLE preferences (
    user_id            object_id PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    id                 object_id NOT NULL UNIQUE,
    blocked_users      object_ids DEFAULT '{}',
    preferred_language text CHECK (char_length(preferred_language) BETWEEN 1 AND 64),
    theme              theme,
    editor             jsonb CHECK (editor IS NULL OR jsonb_typeof(editor) = 'object'),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (cardinality(blocked_users) <= 1000)
);
CREATE TRIGGER preferences_touch BEFORE UPDATE ON preferences FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Languages ----------------------------------------------------------------------------

CREATE TABLE programming_languages (
    id         object_id PRIMARY KEY,
    language   text NOT NULL CHECK (language ~ '^[a-z0-9+#._-]{1,32}$'),
    version    text NOT NULL CHECK (char_length(version) BETWEEN 1 AND 32),
    runtime    text CHECK (char_length(runtime) BETWEEN 1 AND 64),
    aliases    text[] NOT NULL DEFAULT '{}',
    is_active  boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (language, version)
);
CREATE TRIGGER programming_languages_touch BEFORE UPDATE ON programming_languages FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Puzzles ------------------------------------------------------------------------------

CREATE TABLE puzzles (
    id                   object_id PRIMARY KEY,
    author_id            object_id NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title                text NOT NULL CHECK (char_length(title) BETWEEN 4 AND 128 AND title = btrim(title)),
    statement            text CHECK (char_length(statement) BETWEEN 1 AND 2048),
    constraints          text CHECK (char_length(constraints) BETWEEN 1 AND 256),
    difficulty           puzzle_difficulty NOT NULL DEFAULT 'intermediate',
    visibility           puzzle_visibility NOT NULL DEFAULT 'draft',
    tags                 puzzle_tag[] NOT NULL DEFAULT '{}',
    solution_code        text NOT NULL DEFAULT '' CHECK (char_length(solution_code) <= 65536),
    solution_language_id object_id REFERENCES programming_languages (id) ON DELETE SET NULL,
    moderation_feedback  text CHECK (char_length(moderation_feedback) BETWEEN 1 AND 500),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX puzzles_visibility_created_idx ON puzzles (visibility, created_at DESC, id DESC);
CREATE INDEX puzzles_author_idx ON puzzles (author_id, created_at DESC);
CREATE INDEX puzzles_tags_idx ON puzzles USING gin (tags);
CREATE INDEX puzzles_title_trgm_idx ON puzzles USING gin (title gin_trgm_ops);
CREATE TRIGGER puzzles_touch BEFORE UPDATE ON puzzles FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE validators (
    id         object_id PRIMARY KEY,
    puzzle_id  object_id NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position >= 0),
    input      text NOT NULL CHECK (octet_length(input) <= 1048576),
    output     text NOT NULL CHECK (octet_length(output) <= 1048576),
    is_public  boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (puzzle_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE TRIGGER validators_touch BEFORE UPDATE ON validators FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE puzzle_metrics (
    puzzle_id         object_id PRIMARY KEY REFERENCES puzzles (id) ON DELETE CASCADE,
    attempts          bigint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    successes         bigint NOT NULL DEFAULT 0 CHECK (successes BETWEEN 0 AND attempts),
    solvers           bigint NOT NULL DEFAULT 0 CHECK (solvers >= 0),
    total_run_time_ms bigint NOT NULL DEFAULT 0 CHECK (total_run_time_ms >= 0),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX puzzle_metrics_popularity_idx ON puzzle_metrics (attempts DESC);

-- Submissions --------------------------------------------------------------------------

CREATE TABLE games (
    id          object_id PRIMARY KEY,
    owner_id    object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    puzzle_id   object_id REFERENCES puzzles (id) ON DELETE RESTRICT,
    mode        game_mode NOT NULL DEFAULT 'fastest',
    visibility  game_visibility NOT NULL DEFAULT 'public',
    status      game_status NOT NULL DEFAULT 'waiting',
    rated       boolean NOT NULL DEFAULT true,
    options     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
    invite_code text UNIQUE CHECK (invite_code ~ '^[A-Z0-9]{6}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    starts_at   timestamptz,
    ends_at     timestamptz,
    finished_at timestamptz,
    CHECK (status = 'waiting' OR (puzzle_id IS NOT NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL)),
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX games_status_idx ON games (status, visibility, created_at DESC);
CREATE INDEX games_owner_idx ON games (owner_id, created_at DESC);

CREATE TABLE submissions (
    id           object_id PRIMARY KEY,
    puzzle_id    object_id NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
    user_id      object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    game_id      object_id REFERENCES games (id) ON DELETE SET NULL,
    language_id  object_id NOT NULL REFERENCES programming_languages (id) ON DELETE RESTRICT,
    code         text NOT NULL CHECK (char_length(code) BETWEEN 1 AND 65536),
    status       submission_status NOT NULL DEFAULT 'pending',
    result       test_result,
    success_rate double precision CHECK (success_rate BETWEEN 0 AND 1),
    details      jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    judged_at    timestamptz,
    CHECK ((status = 'judged') = (result IS NOT NULL AND success_rate IS NOT NULL))
);
CREATE INDEX submissions_user_idx ON submissions (user_id, created_at DESC);
CREATE INDEX submissions_puzzle_user_idx ON submissions (puzzle_id, user_id, created_at DESC);
CREATE INDEX submissions_game_idx ON submissions (game_id) WHERE game_id IS NOT NULL;
CREATE INDEX submissions_unjudged_idx ON submissions (created_at) WHERE status IN ('pending', 'judging');

CREATE TABLE game_players (
    game_id       object_id NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    user_id       object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at     timestamptz NOT NULL DEFAULT now(),
    left_at       timestamptz,
    submission_id object_id UNIQUE REFERENCES submissions (id) ON DELETE SET NULL,
    score         double precision CHECK (score >= 0),
    rank          integer CHECK (rank >= 1),
    PRIMARY KEY (game_id, user_id)
);
CREATE INDEX game_players_user_idx ON game_players (user_id, joined_at DESC);

CREATE TABLE chat_messages (
    id         object_id PRIMARY KEY,
    game_id    object_id NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    user_id    object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    username   text NOT NULL,
    message    text NOT NULL CHECK (char_length(message) BETWEEN 1 AND 500),
    is_deleted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_game_idx ON chat_messages (game_id, created_at);
CREATE TRIGGER chat_messages_touch BEFORE UPDATE ON chat_messages FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Comments -----------------------------------------------------------------------------

CREATE TABLE comments (
    id            object_id PRIMARY KEY,
    author_id     object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    puzzle_id     object_id REFERENCES puzzles (id) ON DELETE CASCADE,
    submission_id object_id REFERENCES submissions (id) ON DELETE CASCADE,
    parent_id     object_id REFERENCES comments (id) ON DELETE CASCADE,
    comment_type  comment_type NOT NULL,
    body          text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 320),
    upvote        integer NOT NULL DEFAULT 0 CHECK (upvote >= 0),
    downvote      integer NOT NULL DEFAULT 0 CHECK (downvote >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(puzzle_id, submission_id) = 1),
    CHECK ((comment_type = 'comment-comment') = (parent_id IS NOT NULL))
);
CREATE INDEX comments_puzzle_idx ON comments (puzzle_id, created_at) WHERE puzzle_id IS NOT NULL;
CREATE INDEX comments_submission_idx ON comments (submission_id, created_at) WHERE submission_id IS NOT NULL;
CREATE INDEX comments_parent_idx ON comments (parent_id, created_at) WHERE parent_id IS NOT NULL;
CREATE TRIGGER comments_touch BEFORE UPDATE ON comments FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE comment_votes (
    comment_id object_id NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    vote       vote_type NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, user_id)
);

-- Moderation ---------------------------------------------------------------------------

CREATE TABLE reports (
    id                    object_id PRIMARY KEY,
    problem_type          problem_type NOT NULL,
    problematic_id        object_id NOT NULL,
    reported_by           object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    explanation           text NOT NULL CHECK (char_length(explanation) BETWEEN 25 AND 1024),
    status                review_status NOT NULL DEFAULT 'pending',
    resolved_by           object_id REFERENCES users (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_queue_idx ON reports (status, problem_type, created_at DESC);
CREATE TRIGGER reports_touch BEFORE UPDATE ON reports FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE moderation_reviews (
    id          object_id PRIMARY KEY,
    puzzle_id   object_id NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
    reviewer_id object_id REFERENCES users (id) ON DELETE SET NULL,
    outcome     review_outcome NOT NULL,
    feedback    text CHECK (char_length(feedback) BETWEEN 1 AND 500),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_reviews_puzzle_idx ON moderation_reviews (puzzle_id, created_at DESC);

CREATE TABLE audit_logs (
    id          object_id PRIMARY KEY,
    actor_id    object_id REFERENCES users (id) ON DELETE SET NULL,
    action      text NOT NULL CHECK (action ~ '^[a-z_.]{1,64}$'),
    target_type text NOT NULL CHECK (char_length(target_type) BETWEEN 1 AND 32),
    target_id   object_id,
    details     jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_created_idx ON audit_logs (created_at DESC);
CREATE INDEX audit_logs_target_idx ON audit_logs (target_type, target_id, created_at DESC);

-- Leaderboards -------------------------------------------------------------------------

CREATE TABLE user_metrics (
    user_id        object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    game_mode      game_mode NOT NULL,
    rating         double precision NOT NULL DEFAULT 1500,
    deviation      double precision NOT NULL DEFAULT 350 CHECK (deviation > 0),
    volatility     double precision NOT NULL DEFAULT 0.06 CHECK (volatility > 0),
    games_played   integer NOT NULL DEFAULT 0 CHECK (games_played >= 0),
    games_won      integer NOT NULL DEFAULT 0 CHECK (games_won BETWEEN 0 AND games_played),
    current_streak integer NOT NULL DEFAULT 0 CHECK (current_streak >= 0),
    best_streak    integer NOT NULL DEFAULT 0 CHECK (best_streak >= current_streak),
    best_score     double precision NOT NULL DEFAULT 0 CHECK (best_score >= 0),
    total_score    double precision NOT NULL DEFAULT 0 CHECK (total_score >= 0),
    rank           integer CHECK (rank >= 1),
    last_game_at   timestamptz,
    rated_at       timestamptz,
    PRIMARY KEY (user_id, game_mode)
);
CREATE INDEX user_metrics_ranking_idx ON user_metrics (game_mode, rating DESC, user_id);

CREATE TABLE leaderboard_snapshots (
    id         object_id PRIMARY KEY,
    game_mode  game_mode NOT NULL,
    entries    jsonb NOT NULL CHECK (jsonb_typeof(entries) = 'array'),
    taken_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leaderboard_snapshots_mode_idx ON leaderboard_snapshots (game_mode, taken_at DESC);

-- Interop ------------------------------------------------------------------------------

CREATE TABLE api_keys (
    id           object_id PRIMARY KEY,
    user_id      object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
    key_hash     bytea NOT NULL UNIQUE,
    scopes       text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Legacy ids that are not ObjectIds (e.g. vote targets stored as strings) mapped to rows.
CREATE TABLE legacy_ids (
    kind      text NOT NULL,
    legacy_id text NOT NULL,
    id        object_id NOT NULL,
    PRIMARY KEY (kind, legacy_id)
);
