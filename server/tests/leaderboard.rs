//! Ratings and leaderboards against real PostgreSQL and a real server: a rated game
//! rates its seated players once, the recompute gives the same ratings bit for bit,
//! snapshots feed the page and the legacy endpoints and are taken again seconds after
//! a rated game; the solo pool rates first verdicts against puzzles; profiles show it.

mod common;

use app::{
    core::Id,
    games::{rules::modes::GameMode, service::games},
    leaderboard::{
        rules::{self, Seat, SoloStanding},
        service::{boards, ratings, solo},
    },
};
use common::{TestApp, body, language_id, published_sum_puzzle, spawn_app};
use serde_json::{Value, json};
use sqlx::{PgPool, Row};
use std::collections::HashMap;

/// A player of a fixture game: joined late or not, and how well they did.
struct Player {
    user: Id,
    late: bool,
    success_rate: f64,
}

/// Everything a game needs besides its players: a language and a published puzzle.
struct Fixture {
    language: Id,
    puzzle: Id,
}

async fn fixture(app: &TestApp, author: Id) -> Fixture {
    let language = Id::new();
    sqlx::query("INSERT INTO programming_languages (id, language, version) VALUES ($1, 'lbtest', '1')")
        .bind(language)
        .execute(&app.pool)
        .await
        .unwrap();
    let puzzle = Id::new();
    sqlx::query("INSERT INTO puzzles (id, author_id, title, visibility) VALUES ($1, $2, 'Leaderboard puzzle', 'approved')")
        .bind(puzzle)
        .bind(author)
        .execute(&app.pool)
        .await
        .unwrap();
    Fixture { language, puzzle }
}

/// A game whose time is over, with every player's judged submission linked; the
/// better the success rate, the better the rank. Its grace period for late
/// submissions is not over, so the server's own sweep of due games leaves it to the
/// test's `finish`.
async fn ended_game(pool: &PgPool, fixture: &Fixture, mode: GameMode, rated: bool, players: &[Player]) -> Id {
    let game = Id::new();
    let options = json!({
        "allowedLanguages": [], "maxGameDurationInSeconds": 170, "visibility": "public",
        "mode": mode, "rated": rated,
    });
    sqlx::query(
        "INSERT INTO games (id, owner_id, puzzle_id, mode, status, rated, options, starts_at, ends_at)
         VALUES ($1, $2, $3, $4::game_mode, 'in_progress', $5, $6, now() - interval '200 seconds', now() - interval '2 seconds')",
    )
    .bind(game)
    .bind(players[0].user)
    .bind(fixture.puzzle)
    .bind(mode.as_str())
    .bind(rated)
    .bind(options)
    .execute(pool)
    .await
    .unwrap();
    for (i, player) in players.iter().enumerate() {
        let submission = Id::new();
        sqlx::query(
            "INSERT INTO submissions (id, puzzle_id, user_id, game_id, language_id, code, status, result, success_rate, created_at)
             VALUES ($1, $2, $3, $4, $5, 'print(1)', 'judged', 'success', $6, now() - interval '100 seconds' + $7 * interval '1 second')",
        )
        .bind(submission)
        .bind(fixture.puzzle)
        .bind(player.user)
        .bind(game)
        .bind(fixture.language)
        .bind(player.success_rate)
        .bind(i as f64)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO game_players (game_id, user_id, late, submission_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(game)
        .bind(player.user)
        .bind(player.late)
        .bind(submission)
        .execute(pool)
        .await
        .unwrap();
    }
    game
}

fn seated(user: Id, success_rate: f64) -> Player {
    Player { user, late: false, success_rate }
}

/// Every stored rating, as exact bits, by user and mode.
async fn ratings_table(
    pool: &PgPool,
) -> Vec<(Id, String, [u64; 5], [i32; 4], Option<chrono::DateTime<chrono::Utc>>)> {
    sqlx::query(
        "SELECT user_id, game_mode::text AS mode, rating, deviation, volatility, best_score, total_score,
                games_played, games_won, current_streak, best_streak, last_game_at
         FROM user_metrics ORDER BY user_id, game_mode",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        let bits = |c: &str| r.get::<f64, _>(c).to_bits();
        (
            r.get("user_id"),
            r.get("mode"),
            [bits("rating"), bits("deviation"), bits("volatility"), bits("best_score"), bits("total_score")],
            [r.get("games_played"), r.get("games_won"), r.get("current_streak"), r.get("best_streak")],
            r.get("last_game_at"),
        )
    })
    .collect()
}

async fn users(app: &TestApp, names: &[&str]) -> Vec<Id> {
    let mut ids = Vec::new();
    for name in names {
        app.signed_up(name).await;
        ids.push(app.user_id(name).await);
    }
    ids
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_rated_game_rates_its_seated_players_once_and_not_the_latecomer(pool: PgPool) {
    let app = spawn_app(pool).await;
    let ids = users(&app, &["ada", "bob", "cyd", "late"]).await;
    let fixture = fixture(&app, ids[0]).await;
    let players = [
        seated(ids[0], 1.0),
        seated(ids[1], 0.5),
        seated(ids[2], 0.2),
        Player { user: ids[3], late: true, success_rate: 1.0 },
    ];
    let game = ended_game(&app.pool, &fixture, GameMode::Fastest, true, &players).await;

    // Two processes decide the end at once: one ends (and rates) it.
    let (first, second) = tokio::join!(games::finish(&app.pool, game), games::finish(&app.pool, game));
    assert_eq!([first.unwrap(), second.unwrap()].iter().filter(|ended| **ended).count(), 1);
    assert!(!games::finish(&app.pool, game).await.unwrap(), "an ended game does not end again");

    let stored: Vec<(Id, i32, f64)> =
        sqlx::query_as("SELECT user_id, rank, score FROM game_players WHERE game_id = $1 AND NOT late")
            .bind(game)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let at: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT rated_at FROM games WHERE id = $1")
        .bind(game)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let seats: Vec<Seat<Id>> =
        stored.iter().map(|&(user, rank, score)| Seat { user, rank: rank as u32, score }).collect();
    let expected = rules::rate_game(&seats, &HashMap::new(), at);
    assert_eq!(expected.len(), 3);
    for change in &expected {
        let (rating, rd, volatility, played): (f64, f64, f64, i32) = sqlx::query_as(
            "SELECT rating, deviation, volatility, games_played FROM user_metrics WHERE user_id = $1 AND game_mode = 'fastest'",
        )
        .bind(change.user)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(
            (rating, rd, volatility),
            (change.after.rating.rating, change.after.rating.rd, change.after.rating.volatility)
        );
        assert_eq!(played, 1);
    }
    // The winner of three gains, the last loses.
    let winner = expected.iter().find(|c| c.rank == 1).unwrap();
    assert_eq!(winner.user, ids[0]);
    assert!(winner.after.rating.rating > 1500.0);
    assert!(expected.iter().find(|c| c.user == ids[2]).unwrap().after.rating.rating < 1500.0);

    let latecomer: i64 = sqlx::query_scalar("SELECT count(*) FROM user_metrics WHERE user_id = $1")
        .bind(ids[3])
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(latecomer, 0, "the latecomer is not rated");
    let history: Vec<(Id, f64, f64, i32)> = sqlx::query_as(
        "SELECT user_id, rating_before, deviation_before, rank FROM rating_history WHERE game_id = $1",
    )
    .bind(game)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(history.len(), 3);
    assert!(history.iter().all(|&(_, before, rd, _)| before == 1500.0 && rd == 350.0));

    // Applying the same game again fails on the history's key and changes nothing.
    let before = ratings_table(&app.pool).await;
    let mut tx = app.pool.begin().await.unwrap();
    assert!(ratings::rate(&mut tx, game).await.is_err());
    drop(tx);
    assert_eq!(ratings_table(&app.pool).await, before);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_unrated_game_rates_nobody(pool: PgPool) {
    let app = spawn_app(pool).await;
    let ids = users(&app, &["ada", "bob"]).await;
    let fixture = fixture(&app, ids[0]).await;
    let game = ended_game(
        &app.pool,
        &fixture,
        GameMode::Shortest,
        false,
        &[seated(ids[0], 1.0), seated(ids[1], 0.0)],
    )
    .await;
    assert!(games::finish(&app.pool, game).await.unwrap());
    assert!(ratings_table(&app.pool).await.is_empty());
    let history: i64 =
        sqlx::query_scalar("SELECT count(*) FROM rating_history").fetch_one(&app.pool).await.unwrap();
    assert_eq!(history, 0);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn recomputing_from_scratch_gives_the_incremental_ratings_bit_for_bit(pool: PgPool) {
    let app = spawn_app(pool).await;
    let ids = users(&app, &["ada", "bob", "cyd", "dee", "mod"]).await;
    let fixture = fixture(&app, ids[0]).await;
    let rounds: [(GameMode, [usize; 3], [f64; 3]); 6] = [
        (GameMode::Fastest, [0, 1, 2], [1.0, 0.5, 0.0]),
        (GameMode::Fastest, [1, 2, 3], [1.0, 1.0, 0.3]),
        (GameMode::Shortest, [0, 2, 3], [0.2, 0.9, 0.4]),
        (GameMode::Fastest, [3, 0, 1], [1.0, 0.1, 0.6]),
        (GameMode::Shortest, [1, 0, 3], [0.7, 0.7, 0.1]),
        (GameMode::Fastest, [2, 3, 0], [0.4, 0.8, 0.9]),
    ];
    for (mode, who, rates) in rounds {
        let players: Vec<Player> = who.iter().zip(rates).map(|(&i, rate)| seated(ids[i], rate)).collect();
        let game = ended_game(&app.pool, &fixture, mode, true, &players).await;
        assert!(games::finish(&app.pool, game).await.unwrap());
    }
    let incremental = ratings_table(&app.pool).await;
    assert_eq!(incremental.len(), 8);

    let replayed = ratings::recompute_all(&app.pool).await.unwrap();
    assert_eq!(replayed.total(), 6);
    assert_eq!(ratings_table(&app.pool).await, incremental);

    // Moderators only, over the legacy API too.
    let player = app.signed_up("player").await;
    let refused = player.post(app.url("/api/v1/leaderboard/recalculate")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let anonymous =
        common::new_client().post(app.url("/api/v1/leaderboard/recalculate")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let moderator = app.moderator("boss").await;
    let done = moderator.post(app.url("/api/v1/leaderboard/recalculate")).send().await.unwrap();
    assert_eq!(done.status(), 200);
    let done = body(done).await;
    assert_eq!(done["success"], true);
    assert_eq!(done["message"], "Leaderboard recalculation completed");
    assert_eq!(done["totalProcessed"], 6);
    assert_eq!(done["processedGames"]["fastest"], 4);
    assert_eq!(done["processedGames"]["shortest"], 2);
    assert_eq!(done["processedGames"]["random"], 0);
    assert_eq!(done["processedGames"].as_object().unwrap().len(), 9);
    assert_eq!(ratings_table(&app.pool).await, incremental);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_hourly_snapshot_feeds_the_page_and_the_legacy_endpoints(pool: PgPool) {
    let app = spawn_app(pool).await;
    let ids = users(&app, &["ada", "bob"]).await;
    let fixture = fixture(&app, ids[0]).await;
    let game =
        ended_game(&app.pool, &fixture, GameMode::Fastest, true, &[seated(ids[0], 1.0), seated(ids[1], 0.0)])
            .await;
    assert!(games::finish(&app.pool, game).await.unwrap());

    // The server's own clock may have taken this hour's snapshots before the game
    // ended; the recompute retakes them.
    boards::take_due(&app.pool).await.unwrap();
    assert_eq!(boards::take_due(&app.pool).await.unwrap(), 0, "one snapshot per mode and hour");
    ratings::recompute_all(&app.pool).await.unwrap();
    let snapshots: i64 =
        sqlx::query_scalar("SELECT count(*) FROM leaderboard_snapshots WHERE board = 'fastest'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(snapshots, 1);

    // The page, signed out and signed in (own row highlighted).
    let page = app.get("/leaderboards?mode=fastest").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(">ada</a>") && html.contains(">bob</a>"), "{html}");
    assert!(html.contains("Provisional rating"));
    assert!(!html.contains("is-own"));
    let ada = common::new_client();
    let login = app
        .post_json(&ada, "/api/v1/login", json!({ "identifier": "ada", "password": common::PASSWORD }))
        .await;
    assert_eq!(login.status(), 200);
    let html = ada.get(app.url("/leaderboards?mode=fastest")).send().await.unwrap().text().await.unwrap();
    assert_eq!(html.matches("is-own").count(), 1, "{html}");
    let html =
        ada.get(app.url("/leaderboards?mode=fastest&q=bo")).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains(">bob</a>") && html.contains("Your standing"),
        "ada's row is shown outside the search"
    );
    let long = "x".repeat(21);
    let refused = app.get(&format!("/leaderboards?mode=fastest&q={long}")).await.text().await.unwrap();
    assert!(refused.contains("A player search is at most 20 characters"), "{refused}");
    let empty = app.get("/leaderboards?mode=hardcore").await.text().await.unwrap();
    assert!(empty.contains("No rated players yet."));

    // GET /leaderboard/:gameMode
    let ranking = body(app.get("/api/v1/leaderboard/fastest").await).await;
    assert_eq!(ranking["gameMode"], "fastest");
    assert_eq!((ranking["page"].clone(), ranking["pageSize"].clone()), (json!(1), json!(50)));
    assert_eq!((ranking["totalEntries"].clone(), ranking["totalPages"].clone()), (json!(2), json!(1)));
    let entries = ranking["entries"].as_array().unwrap();
    assert_eq!(entries[0]["username"], "ada");
    assert_eq!(entries[0]["userId"], ids[0].to_string());
    assert_eq!(entries[0]["rank"], 0, "provisional players have no rank");
    assert_eq!(entries[0]["gamesPlayed"], 1);
    assert_eq!(entries[0]["gamesWon"], 1);
    assert_eq!(entries[0]["winRate"], 1.0);
    assert_eq!(entries[1]["winRate"], 0.0);
    assert_eq!(entries[0]["glicko"]["rating"], entries[0]["rating"]);
    assert!(entries[0]["glicko"]["rd"].as_f64().unwrap() < 350.0);
    assert!(entries[0]["glicko"]["volatility"].as_f64().is_some());
    let rated_at: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT rated_at FROM games WHERE id = $1")
            .bind(game)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let rated_at = app::core::Timestamp(rated_at).to_string();
    assert_eq!(ranking["lastUpdated"], rated_at);
    assert_eq!(entries[0]["glicko"]["lastUpdated"], rated_at);
    assert!(entries[0]["bestScore"].is_number() && entries[0]["averageScore"].is_number());

    let clamped = body(app.get("/api/v1/leaderboard/fastest?pageSize=1000&page=2").await).await;
    assert_eq!(clamped["pageSize"], 100);
    assert_eq!(clamped["entries"], json!([]));
    let small = body(app.get("/api/v1/leaderboard/fastest?pageSize=0").await).await;
    assert_eq!(small["pageSize"], 1);
    assert_eq!(small["totalPages"], 2);
    let empty = body(app.get("/api/v1/leaderboard/debug").await).await;
    assert_eq!(empty["entries"], json!([]));
    assert_eq!(empty["lastUpdated"], "1970-01-01T00:00:00.000Z");
    assert_eq!(empty["totalEntries"], 0);
    for bad in ["/api/v1/leaderboard/chess", "/api/v1/leaderboard/recalculate", "/api/v1/leaderboard/Fastest"]
    {
        let response = app.get(bad).await;
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(body(response).await["error"], "Game mode is invalid.");
    }
    assert_eq!(app.get("/api/v1/leaderboard/fastest?page=0").await.status(), 400);

    // GET /leaderboard/user/:id
    let user: Value = body(app.get(&format!("/api/v1/leaderboard/user/{}", ids[1])).await).await;
    assert_eq!(user["userId"], ids[1].to_string());
    assert_eq!(user["username"], "bob");
    let rankings = user["rankings"].as_object().unwrap();
    assert_eq!(rankings.keys().collect::<Vec<_>>(), ["fastest"]);
    assert_eq!(rankings["fastest"]["gamesPlayed"], 1);
    assert_eq!(rankings["fastest"]["winRate"], 0.0);
    assert!(rankings["fastest"].get("rank").is_none(), "provisional: no rank");
    assert!(rankings["fastest"]["rating"].as_f64().unwrap() < 1500.0);
    let nobody = app.get(&format!("/api/v1/leaderboard/user/{}", Id::new())).await;
    assert_eq!(nobody.status(), 404);
    assert_eq!(body(nobody).await["error"], "User couldn't be found");
    assert_eq!(app.get("/api/v1/leaderboard/user/not-an-id").await.status(), 404);
    let fresh = users(&app, &["newbie"]).await;
    let fresh = body(app.get(&format!("/api/v1/leaderboard/user/{}", fresh[0])).await).await;
    assert_eq!(fresh["rankings"], json!({}));
}

/// Waits up to ten seconds for `path` to answer a page that `ready` accepts.
async fn eventually(app: &TestApp, path: &str, ready: impl Fn(&str) -> bool) -> String {
    let mut html = String::new();
    for _ in 0..50 {
        html = app.get(path).await.text().await.unwrap();
        if ready(&html) {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("{path} never became ready: {html}");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_rated_game_shows_on_the_leaderboard_within_seconds(pool: PgPool) {
    let app = spawn_app(pool).await;
    let ids = users(&app, &["ada", "bob", "cyd"]).await;
    let fixture = fixture(&app, ids[0]).await;
    // This hour's snapshots exist before the game, so only the refresh can show it.
    boards::take_due(&app.pool).await.unwrap();
    let game =
        ended_game(&app.pool, &fixture, GameMode::Fastest, true, &[seated(ids[0], 1.0), seated(ids[1], 0.0)])
            .await;
    assert!(games::finish(&app.pool, game).await.unwrap());
    let marks: Vec<String> =
        sqlx::query_scalar("SELECT board FROM leaderboard_stale").fetch_all(&app.pool).await.unwrap();
    assert!(marks.is_empty() || marks == ["fastest"], "the ending transaction marks its mode: {marks:?}");

    // The server's snapshot loop takes the board again within seconds.
    let html = eventually(&app, "/leaderboards?mode=fastest", |html| html.contains(">ada</a>")).await;
    assert!(html.contains(">bob</a>"), "{html}");
    let shown: f64 = sqlx::query_scalar(
        "SELECT e.rating FROM leaderboard_entries e JOIN leaderboard_snapshots s ON s.id = e.snapshot_id
         WHERE s.board = 'fastest' AND e.user_id = $1",
    )
    .bind(ids[0])
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let stored: f64 =
        sqlx::query_scalar("SELECT rating FROM user_metrics WHERE user_id = $1 AND game_mode = 'fastest'")
            .bind(ids[0])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(shown, stored, "the snapshot has the new rating");
    let snapshots: i64 =
        sqlx::query_scalar("SELECT count(*) FROM leaderboard_snapshots WHERE board = 'fastest'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(snapshots, 1, "the refreshed snapshot replaces the hour's");

    // Another game, and two processes refresh at once: one takes the snapshot.
    let game =
        ended_game(&app.pool, &fixture, GameMode::Fastest, true, &[seated(ids[2], 1.0), seated(ids[1], 0.0)])
            .await;
    assert!(games::finish(&app.pool, game).await.unwrap());
    let (first, second) = tokio::join!(boards::take_stale(&app.pool), boards::take_stale(&app.pool));
    assert!(first.unwrap() + second.unwrap() <= 1, "a mark is taken once");
    eventually(&app, "/leaderboards?mode=fastest", |html| html.contains(">cyd</a>")).await;
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM leaderboard_stale").fetch_one(&app.pool).await.unwrap();
    assert_eq!(left, 0);
    assert_eq!(boards::take_stale(&app.pool).await.unwrap(), 0, "nothing left to refresh");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_profile_shows_ratings_with_a_chart_and_the_games(pool: PgPool) {
    let app = spawn_app(pool).await;
    let ids = users(&app, &["ada", "bob"]).await;
    let fixture = fixture(&app, ids[0]).await;
    let mut played = Vec::new();
    for winner in [0, 1, 0] {
        let players = [seated(ids[winner], 1.0), seated(ids[1 - winner], 0.0)];
        let game = ended_game(&app.pool, &fixture, GameMode::Fastest, true, &players).await;
        assert!(games::finish(&app.pool, game).await.unwrap());
        played.push(game);
    }
    let page = app.get("/profile/ada").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"data-board="fastest""#), "{html}");
    assert!(html.contains(r#"role="img""#) && html.contains("<polyline"), "the chart is in the HTML");
    let rating: f64 =
        sqlx::query_scalar("SELECT rating FROM user_metrics WHERE user_id = $1 AND game_mode = 'fastest'")
            .bind(ids[0])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        html.contains("Fastest rating over the last 3 ratings: from "),
        "the text alternative summarises the chart"
    );
    assert!(html.contains(&format!("to {rating:.0}")), "{html}");
    assert!(html.contains("Provisional"), "three games are provisional");
    assert!(html.contains("Ratings as a table"));
    for game in &played {
        assert!(html.contains(&format!("/multiplayer/{game}")), "every game is linked");
    }
    assert_eq!(html.matches("1st of 2").count(), 2, "ada won two of three");
    assert!(html.contains("2nd of 2"));
    assert!(html.contains("Puzzles solved"));
    let bob = app.get("/profile/bob").await.text().await.unwrap();
    assert_eq!(bob.matches("1st of 2").count(), 1);
    let newcomer = users(&app, &["newbie"]).await;
    assert_eq!(newcomer.len(), 1);
    let html = app.get("/profile/newbie").await.text().await.unwrap();
    assert!(html.contains("Not rated yet") && html.contains("No finished games yet."));
}

/// Solo ratings (users, then puzzles: rating, deviation and volatility bits, then the
/// counts) and matches (the ratings around each, as bits).
type SoloTable = (Vec<(Id, [u64; 3], [i32; 4])>, Vec<(Id, [u64; 3], [i32; 2])>, Vec<(Id, Id, [u64; 4])>);

/// Every solo rating and match, as exact bits.
async fn solo_table(pool: &PgPool) -> SoloTable {
    let bits = |r: &sqlx::postgres::PgRow, c: &str| r.get::<f64, _>(c).to_bits();
    let players = sqlx::query(
        "SELECT user_id, rating, deviation, volatility, matches, wins, current_streak, best_streak
         FROM solo_ratings ORDER BY user_id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.get("user_id"),
            [bits(r, "rating"), bits(r, "deviation"), bits(r, "volatility")],
            [r.get("matches"), r.get("wins"), r.get("current_streak"), r.get("best_streak")],
        )
    })
    .collect();
    let puzzles = sqlx::query(
        "SELECT puzzle_id, rating, deviation, volatility, matches, wins FROM puzzle_ratings ORDER BY puzzle_id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.get("puzzle_id"),
            [bits(r, "rating"), bits(r, "deviation"), bits(r, "volatility")],
            [r.get("matches"), r.get("wins")],
        )
    })
    .collect();
    let matches = sqlx::query(
        "SELECT user_id, puzzle_id, player_rating_before, player_rating_after, puzzle_rating_before,
                puzzle_rating_after
         FROM solo_matches ORDER BY user_id, puzzle_id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.get("user_id"),
            r.get("puzzle_id"),
            [
                bits(r, "player_rating_before"),
                bits(r, "player_rating_after"),
                bits(r, "puzzle_rating_before"),
                bits(r, "puzzle_rating_after"),
            ],
        )
    })
    .collect();
    (players, puzzles, matches)
}

async fn puzzle_rating(pool: &PgPool, puzzle: Id) -> (f64, f64, i32, i32) {
    sqlx::query_as("SELECT rating, deviation, matches, wins FROM puzzle_ratings WHERE puzzle_id = $1")
        .bind(puzzle)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_solo_pool_rates_a_puzzle_by_its_first_verdicts_once(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (author, moderator) = (app.signed_up("author").await, app.moderator("mod").await);
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    let puzzle_id: Id = puzzle.parse().unwrap();
    let python = language_id(&app, "python").await;
    let submit = |client: reqwest::Client, code: &'static str| {
        let (app, puzzle, python) = (&app, puzzle.clone(), python.clone());
        async move {
            let request = json!({ "puzzleId": puzzle, "programmingLanguage": python, "code": code });
            let response = client.post(app.url("/api/v1/submission")).json(&request).send().await.unwrap();
            assert_eq!(response.status(), 201);
            let judged = body(response).await;
            judged["_id"].as_str().unwrap().parse::<Id>().unwrap()
        }
    };
    const SUM: &str = "print(sum(map(int, input().split())))";

    // The author's own verdict proves nothing about the puzzle.
    submit(author.clone(), SUM).await;
    let none: i64 =
        sqlx::query_scalar("SELECT count(*) FROM solo_matches").fetch_one(&app.pool).await.unwrap();
    assert_eq!(none, 0);

    // bob fails first: the puzzle wins; his later solve is not a match.
    let bob = app.signed_up("bob").await;
    let failed = submit(bob.clone(), "print(3)").await;
    let (after_failure, _, matches, wins) = puzzle_rating(&app.pool, puzzle_id).await;
    assert!(after_failure > 1500.0, "a failure raises the puzzle: {after_failure}");
    assert_eq!((matches, wins), (1, 1));
    let at: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT rated_at FROM solo_matches WHERE submission_id = $1")
            .bind(failed)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let expected = rules::rate_solo(&SoloStanding::default(), &SoloStanding::default(), false, at);
    assert_eq!(after_failure, expected.puzzle.rating.rating);
    submit(bob.clone(), SUM).await;
    assert_eq!(puzzle_rating(&app.pool, puzzle_id).await.0, after_failure, "only the first verdict counts");

    // Two solvers bring it down again.
    for name in ["cyd", "dee"] {
        let solver = app.signed_up(name).await;
        submit(solver, SUM).await;
    }
    let (after_solves, deviation, matches, wins) = puzzle_rating(&app.pool, puzzle_id).await;
    assert!(after_solves < after_failure, "solves lower the puzzle: {after_solves} after {after_failure}");
    assert!(deviation < 350.0);
    assert_eq!((matches, wins), (3, 1));

    // A verdict stored again (a job handed out twice) rates nothing twice.
    let before = solo_table(&app.pool).await;
    let user = app.user_id("bob").await;
    let mut tx = app.pool.begin().await.unwrap();
    solo::record(&mut tx, failed, user, puzzle_id, false).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(solo_table(&app.pool).await, before);

    // The recompute replays the solo matches to the same bits.
    let replayed = ratings::recompute_all(&app.pool).await.unwrap();
    assert_eq!(replayed.solo_matches, 3);
    assert_eq!(solo_table(&app.pool).await, before);

    // The puzzle page and the catalogue show the calibrated difficulty; the catalogue
    // sorts and filters by it; players have a solo tab.
    let html = app.get(&format!("/puzzles/{puzzle}")).await.text().await.unwrap();
    assert!(
        html.contains(r#"data-testid="calibrated""#) && html.contains(&format!("{after_solves:.0}")),
        "{html}"
    );
    let rounded = after_solves.round() as u32;
    let within = app
        .get(&format!("/puzzles?sort=calibrated&min_rating={}&max_rating={}", rounded - 1, rounded + 1))
        .await
        .text()
        .await
        .unwrap();
    assert!(within.contains("Sum of numbers"), "{within}");
    let above = app.get(&format!("/puzzles?min_rating={}", rounded + 50)).await.text().await.unwrap();
    assert!(!above.contains("Sum of numbers"));
    boards::retake(&app.pool).await.unwrap();
    let solo = app.get("/leaderboards?mode=solo").await.text().await.unwrap();
    for name in ["bob", "cyd", "dee"] {
        assert!(solo.contains(&format!(">{name}</a>")), "{name} is on the solo board: {solo}");
    }
    assert!(!solo.contains(">author</a>"));
}
