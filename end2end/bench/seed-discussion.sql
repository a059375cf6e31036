-- 1,000 comments in 250 threads four levels deep under "Reverse a string", for
-- discussion.mjs. Ids start with 0xff so they cannot meet generated ones.
WITH puzzle AS (SELECT id FROM puzzles WHERE title = 'Reverse a string' LIMIT 1),
     author AS (SELECT id FROM users ORDER BY created_at LIMIT 1),
     n AS (SELECT generate_series(1, 1000) AS n)
INSERT INTO comments (id, author_id, puzzle_id, parent_id, comment_type, body, thread_id, depth, upvote, created_at)
SELECT decode('ff' || lpad(to_hex(n), 22, '0'), 'hex'), author.id, puzzle.id,
       CASE WHEN n > 250 THEN decode('ff' || lpad(to_hex(n - 250), 22, '0'), 'hex') END,
       CASE WHEN n > 250 THEN 'comment-comment' ELSE 'puzzle-comment' END::comment_type,
       'Comment number ' || n || ' with *some* markdown and `code`.',
       decode('ff' || lpad(to_hex((n - 1) % 250 + 1), 22, '0'), 'hex'), (n - 1) / 250, n % 7,
       now() - n * interval '1 second'
FROM n, puzzle, author
ORDER BY n;
