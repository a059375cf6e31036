-- 100,000 users and 100,000 finished rated fastest games between two of them, for the
-- leaderboard section of .ci/bench (`server recompute-ratings` then rates them all).
-- Ids start with 0xfe (users), 0xfd (games) and 0xfc/0xfb (submissions), so they cannot
-- meet generated ones. Needs the demo seed (a puzzle and a language).
INSERT INTO users (id, username, email, password_hash, created_at)
SELECT decode('fe' || lpad(to_hex(n), 22, '0'), 'hex'), 'rated' || n, 'rated' || n || '@example.com',
       'not a password hash', now() - interval '200 days'
FROM generate_series(1, 100000) AS n;

CREATE TEMP TABLE bench_games AS
SELECT n,
       decode('fd' || lpad(to_hex(n), 22, '0'), 'hex') AS game,
       decode('fe' || lpad(to_hex(1 + (n * 7919) % 100000), 22, '0'), 'hex') AS winner,
       decode('fe' || lpad(to_hex(1 + (n * 7919 + 1 + n % 997) % 100000), 22, '0'), 'hex') AS loser,
       now() - interval '150 days' + n * interval '1 minute' AS ended
FROM generate_series(1, 100000) AS n;

INSERT INTO games (id, owner_id, puzzle_id, mode, status, rated, starts_at, ends_at, finished_at, created_at)
SELECT game, winner, (SELECT id FROM puzzles WHERE visibility = 'approved' ORDER BY id LIMIT 1), 'fastest',
       'completed', true, ended - interval '5 minutes', ended, ended, ended - interval '6 minutes'
FROM bench_games;

INSERT INTO submissions (id, puzzle_id, user_id, game_id, language_id, code, status, result, success_rate,
                         created_at, judged_at)
SELECT decode(prefix || lpad(to_hex(n), 22, '0'), 'hex'), g.puzzle_id, player, b.game,
       (SELECT id FROM programming_languages ORDER BY id LIMIT 1), 'print(1)', 'judged', 'success', rate,
       b.ended - interval '1 minute', b.ended - interval '1 minute'
FROM bench_games b JOIN games g ON g.id = b.game,
     LATERAL (VALUES ('fc', b.winner, 1.0::float8), ('fb', b.loser, 0.5::float8)) AS p (prefix, player, rate);

INSERT INTO game_players (game_id, user_id, joined_at, submission_id, score, rank)
SELECT b.game, p.player, b.ended - interval '6 minutes', decode(p.prefix || lpad(to_hex(b.n), 22, '0'), 'hex'),
       p.score, p.rank
FROM bench_games b,
     LATERAL (VALUES ('fc', b.winner, 100.0::float8, 1), ('fb', b.loser, 50.0::float8, 2)) AS p (prefix, player, score, rank);
