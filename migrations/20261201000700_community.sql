-- Community: report reasons with one open report per reporter and target, and
-- votes on solutions (accepted submissions that solvers of a puzzle may read).

CREATE TYPE report_reason AS ENUM ('spam', 'abuse', 'cheating', 'inappropriate', 'other');
ALTER TABLE reports ADD COLUMN reason report_reason NOT NULL DEFAULT 'other';

-- A reporter's repeated pending reports of one target were allowed before: the
-- first one stays open, the later ones go, so the rule below can hold.
DELETE FROM reports r USING reports first
WHERE r.status = 'pending' AND first.status = 'pending'
  AND r.reported_by = first.reported_by AND r.problem_type = first.problem_type
  AND r.problematic_id = first.problematic_id
  AND (first.created_at, first.id) < (r.created_at, r.id);
CREATE UNIQUE INDEX reports_one_open_idx ON reports (reported_by, problem_type, problematic_id)
    WHERE status = 'pending';

-- Counted when read: a puzzle has few solutions per player and language.
CREATE TABLE solution_votes (
    submission_id object_id NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    user_id       object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    vote          vote_type NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (submission_id, user_id)
);

-- The latest accepted submission per player and language of a puzzle.
CREATE INDEX submissions_solutions_idx ON submissions (puzzle_id, user_id, language_id, created_at DESC)
    WHERE result = 'success';
