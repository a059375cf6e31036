-- Notifications: what happened that concerns a user, written by a durable job
-- (`notification_jobs`, an outbox filled in the transaction of the change).

CREATE TYPE notification_kind AS ENUM (
    'reply', 'puzzle_comment', 'puzzle_approved', 'puzzle_revise',
    'report_resolved', 'report_dismissed', 'content_removed', 'warned', 'banned'
);

CREATE TABLE notifications (
    id           object_id PRIMARY KEY,
    recipient_id object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         notification_kind NOT NULL,
    -- What it is about: the comment, the audit entry or the report. With the
    -- recipient and the kind, the key that makes a job run twice write one row.
    source_id    object_id NOT NULL,
    actor_id     object_id REFERENCES users (id) ON DELETE SET NULL,
    puzzle_id    object_id REFERENCES puzzles (id) ON DELETE CASCADE,
    comment_id   object_id REFERENCES comments (id) ON DELETE CASCADE,
    audit_id     object_id REFERENCES audit_logs (id) ON DELETE CASCADE,
    read_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (recipient_id, kind, source_id)
);
CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (recipient_id) WHERE read_at IS NULL;

CREATE TABLE notification_jobs (
    id         object_id PRIMARY KEY,
    cause      jsonb NOT NULL CHECK (jsonb_typeof(cause) = 'object'),
    attempts   integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at     timestamptz NOT NULL DEFAULT now(),
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_jobs_due_idx ON notification_jobs (run_at);

ALTER TABLE preferences ADD COLUMN notifications_off notification_kind[] NOT NULL DEFAULT '{}';
