-- "math" and "mathematics" name one topic: stored puzzles keep only "mathematics"
-- ("math" stays in the type so legacy clients that send it are still understood).
UPDATE puzzles
SET tags = ARRAY(SELECT DISTINCT t FROM unnest(array_replace(tags, 'math', 'mathematics')) AS t ORDER BY t)
WHERE 'math' = ANY (tags);
