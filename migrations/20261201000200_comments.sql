-- Discussions: spoilers, edits, deletion that keeps a thread's shape, moderator
-- removal, and each comment's thread and depth so a page of threads is one query.

ALTER TABLE comments
    ADD COLUMN is_spoiler boolean NOT NULL DEFAULT false,
    ADD COLUMN edited_at  timestamptz,
    -- Set when the author deleted it or a moderator removed it while it had replies:
    -- the row stays as "[deleted]" so the replies keep their place.
    ADD COLUMN deleted_at timestamptz,
    ADD COLUMN removed_by object_id REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN thread_id  object_id,
    ADD COLUMN depth      integer NOT NULL DEFAULT 0 CHECK (depth >= 0),
    ADD CHECK (removed_by IS NULL OR deleted_at IS NOT NULL);

WITH RECURSIVE tree AS (
    SELECT id, id AS root, 0 AS depth FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, tree.root, tree.depth + 1 FROM comments c JOIN tree ON c.parent_id = tree.id
)
UPDATE comments SET thread_id = tree.root, depth = tree.depth FROM tree WHERE comments.id = tree.id;
UPDATE comments SET thread_id = id WHERE thread_id IS NULL;

ALTER TABLE comments
    ALTER COLUMN thread_id SET NOT NULL,
    ADD FOREIGN KEY (thread_id) REFERENCES comments (id) ON DELETE CASCADE,
    ADD CHECK ((depth = 0) = (parent_id IS NULL));

CREATE INDEX comments_thread_idx ON comments (thread_id, depth);
CREATE INDEX comments_top_idx ON comments (puzzle_id, (upvote - downvote) DESC, created_at DESC)
    WHERE parent_id IS NULL AND puzzle_id IS NOT NULL;
