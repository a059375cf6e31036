//! The lobby and game websockets over real sockets, PostgreSQL and the sandbox:
//! the legacy protocol, its bugs fixed, bad frames, races, restarts and two servers.

mod common;
mod realtime;

use common::{TestApp, body, language_id, published_sum_puzzle, session_cookie, spawn_app};
// Lobby sockets are kept open (`_bob`): closing one takes its user out of the room.
use realtime::{Socket, connect, try_connect};
use serde_json::{Value, json};
use sqlx::PgPool;
use std::time::Duration;

const SUM: &str = "print(sum(map(int, input().split())))";

/// Signed-up users, their lobby sockets, and a published puzzle to play.
struct Table {
    app: TestApp,
    cookies: Vec<String>,
    clients: Vec<reqwest::Client>,
}

async fn table(pool: PgPool, names: &[&str]) -> Table {
    let config = app::core::config::Config {
        rate_limits: app::core::config::RateLimitMode::Relaxed,
        ..common::test_config()
    };
    let app = common::spawn_app_with(pool, config).await;
    let mut clients = Vec::new();
    let mut cookies = Vec::new();
    for name in names {
        clients.push(app.signed_up(name).await);
        cookies.push(session_cookie(&app, name).await);
    }
    let moderator = app.moderator("referee").await;
    published_sum_puzzle(&app, &clients[0], &moderator).await;
    Table { app, cookies, clients }
}

impl Table {
    async fn lobby(&self, player: usize) -> Socket {
        let mut socket = connect(&self.app.base, "/ws", &self.cookies[player]).await;
        socket.expect("rooms:overview").await;
        socket
    }

    async fn game(&self, player: usize, game: &str) -> Socket {
        connect(&self.app.base, &format!("/ws/game/{game}"), &self.cookies[player]).await
    }

    /// Skips the countdown: the game starts now.
    async fn start_now(&self, game: &str) {
        sqlx::query(
            "UPDATE games SET starts_at = now(), ends_at = now() + interval '15 minutes' WHERE id = $1",
        )
        .bind(game.parse::<app::core::Id>().unwrap())
        .execute(&self.app.pool)
        .await
        .unwrap();
    }
}

/// Hosts a room as player 0 and returns (socket, room id).
async fn host(table: &Table, options: Value) -> (Socket, String) {
    let mut owner = table.lobby(0).await;
    owner.send(json!({ "event": "room:host", "options": options })).await;
    let overview = owner.expect("room:overview").await;
    let room = overview["room"]["roomId"].as_str().unwrap().to_owned();
    (owner, room)
}

async fn join(table: &Table, player: usize, room: &str) -> Socket {
    let mut socket = table.lobby(player).await;
    socket.send(json!({ "event": "room:join", "roomId": room })).await;
    socket.expect("room:overview").await;
    socket
}

fn usernames(overview: &Value) -> Vec<String> {
    overview["room"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_whole_lobby_and_game_flow(pool: PgPool) {
    let t = table(pool, &["alice", "bob"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let mut watcher = t.lobby(1).await;
    let listed = watcher.expect_where("rooms:overview", |f| !f["rooms"].as_array().unwrap().is_empty()).await;
    assert_eq!(listed["rooms"], json!([{ "roomId": room, "amountOfPlayersJoined": 1 }]));
    watcher.close().await;

    let mut bob = join(&t, 1, &room).await;
    let overview =
        alice.expect_where("room:overview", |f| f["room"]["users"].as_array().unwrap().len() == 2).await;
    assert_eq!(usernames(&overview), ["alice", "bob"]);
    assert_eq!(overview["room"]["owner"]["username"], "alice");
    assert_eq!(overview["room"]["owner"]["joinedAt"].as_str().unwrap().len(), 24);

    bob.send(json!({ "event": "room:chat-message", "roomId": room, "message": "glhf" })).await;
    for socket in [&mut alice, &mut bob] {
        let chat = socket.expect("room:chat-message").await;
        assert_eq!((chat["username"].as_str(), chat["message"].as_str()), (Some("bob"), Some("glhf")));
    }

    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    let start = bob.expect("game:start").await;
    assert_eq!(start["gameUrl"], format!("/multiplayer/{room}"));
    alice.expect("game:start").await;

    // During the countdown the puzzle is withheld.
    let mut alice_game = t.game(0, &room).await;
    let early = alice_game.expect("game:overview").await;
    assert!(early.get("puzzle").is_none(), "no puzzle before the start time");
    assert_eq!(early["game"]["players"].as_array().unwrap().len(), 2);
    assert_eq!(early["game"]["options"]["mode"], "fastest");
    assert_eq!(early["game"]["options"]["rated"], true);

    t.start_now(&room).await;
    let mut bob_game = t.game(1, &room).await;
    let overview = bob_game.expect("game:overview").await;
    assert_eq!(overview["puzzle"]["title"], "Sum of numbers");
    assert_eq!(overview["puzzle"]["validators"].as_array().unwrap().len(), 1, "only public tests");
    assert_eq!(overview["game"]["owner"]["username"], "alice");

    bob_game.send(json!({ "event": "language:change", "language": "python" })).await;
    let language = alice_game.expect("language:change").await;
    assert_eq!(language, json!({ "event": "language:change", "language": "python", "username": "bob" }));

    alice_game.send(json!({ "event": "message:send", "chatMessage": { "username": "mallory", "message": "hi", "createdAt": "2020-01-01T00:00:00.000Z" } })).await;
    let chat = bob_game.expect("message:send").await;
    assert_eq!(chat["chatMessage"]["username"], "alice", "the name comes from the session");
    assert_eq!(chat["chatMessage"]["_id"].as_str().unwrap().len(), 24);

    // Bob submits over HTTP, links the submission, and tells the game.
    let python = language_id(&t.app, "python").await;
    let submission = body(
        t.clients[1]
            .post(t.app.url("/api/v1/submission"))
            .json(&json!({ "puzzleId": early["game"]["puzzle"], "programmingLanguage": python, "code": SUM }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let linked = t.clients[1]
        .post(t.app.url("/api/v1/submission/game"))
        .json(&json!({ "gameId": room, "submissionId": submission["_id"], "userId": "507f1f77bcf86cd799439011" }))
        .send()
        .await
        .unwrap();
    assert_eq!(linked.status(), 201);
    let linked = body(linked).await;
    assert_eq!(linked["game"], json!({ "id": room, "status": "in_progress", "playerCount": 2 }));
    assert_eq!(linked["leaderboardPosition"], 1);
    let standings = alice_game
        .expect_where("game:overview", |f| !f["game"]["playerSubmissions"].as_array().unwrap().is_empty())
        .await;
    let first = &standings["game"]["playerSubmissions"][0];
    assert_eq!(first["user"]["username"], "bob");
    assert_eq!(first["programmingLanguage"]["language"], "python");
    assert_eq!(first["codeLength"], SUM.len());
    assert!(first.get("code").is_none(), "code stays hidden while the game runs");

    // The server ends the game when its time is over, and reveals the code.
    sqlx::query(
        "UPDATE games SET starts_at = starts_at - interval '1 hour', ends_at = now() - interval '11 seconds' WHERE id = $1",
    )
        .bind(room.parse::<app::core::Id>().unwrap())
        .execute(&t.app.pool)
        .await
        .unwrap();
    let finished = alice_game.expect("game:finished").await;
    assert_eq!(finished["game"]["status"], "completed");
    assert_eq!(finished["game"]["playerSubmissions"][0]["code"], SUM);
    let stored: (Option<i32>, Option<f64>) = sqlx::query_as(
        "SELECT rank, score FROM game_players gp JOIN users u ON u.id = gp.user_id WHERE u.username = 'bob'",
    )
    .fetch_one(&t.app.pool)
    .await
    .unwrap();
    assert_eq!(stored.0, Some(1));
    assert!(stored.1.unwrap() > 0.0);
    bob_game.expect("game:finished").await;

    let reconnected = t.game(0, &room).await.expect("game:finished").await;
    assert_eq!(reconnected["game"]["status"], "completed");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn events_stay_in_their_room_and_game(pool: PgPool) {
    let t = table(pool, &["alice", "bob", "carol", "dave"]).await;
    let (mut alice, room_a) = host(&t, json!({})).await;
    let mut bob = join(&t, 1, &room_a).await;
    let mut carol = t.lobby(2).await;
    carol.send(json!({ "event": "room:host" })).await;
    let room_b = carol.expect("room:overview").await["room"]["roomId"].as_str().unwrap().to_owned();
    let mut dave = join(&t, 3, &room_b).await;

    alice.send(json!({ "event": "room:chat-message", "roomId": room_a, "message": "only for room A" })).await;
    bob.expect("room:chat-message").await;
    dave.expect_none("room:chat-message", Duration::from_millis(500)).await;

    alice.send(json!({ "event": "game:start", "roomId": room_a })).await;
    carol.send(json!({ "event": "game:start", "roomId": room_b })).await;
    bob.expect("game:start").await;
    dave.expect("game:start").await;
    t.start_now(&room_a).await;
    t.start_now(&room_b).await;
    let mut in_a = t.game(0, &room_a).await;
    let mut in_b = t.game(2, &room_b).await;
    in_a.expect("game:overview").await;
    in_b.expect("game:overview").await;
    in_a.send(json!({ "event": "message:send", "chatMessage": { "message": "game A only" } })).await;
    in_a.expect("message:send").await;
    in_b.expect_none("message:send", Duration::from_millis(500)).await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn only_the_owner_starts_and_ownership_passes_on(pool: PgPool) {
    let t = table(pool, &["alice", "bob", "carol"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let mut bob = join(&t, 1, &room).await;
    let mut carol = join(&t, 2, &room).await;

    bob.send(json!({ "event": "game:start", "roomId": room })).await;
    assert_eq!(bob.expect("error").await["message"], "Only the room owner can start the game");

    // Joining again keeps bob's place (and a reconnect cannot steal ownership).
    bob.send(json!({ "event": "room:join", "roomId": room })).await;
    alice.send(json!({ "event": "room:leave", "roomId": room })).await;
    let overview =
        carol.expect_where("room:overview", |f| f["room"]["users"].as_array().unwrap().len() == 2).await;
    assert_eq!(overview["room"]["owner"]["username"], "bob");
    bob.send(json!({ "event": "game:start", "roomId": room })).await;
    carol.expect("game:start").await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_second_tab_does_not_break_the_first(pool: PgPool) {
    let t = table(pool, &["alice", "bob"]).await;
    let (mut first_tab, room) = host(&t, json!({})).await;
    let second_tab = t.lobby(0).await;
    second_tab.close().await;
    let mut bob = join(&t, 1, &room).await;
    let overview =
        first_tab.expect_where("room:overview", |f| f["room"]["users"].as_array().unwrap().len() == 2).await;
    assert_eq!(usernames(&overview), ["alice", "bob"], "closing the second tab left alice in her room");
    bob.send(json!({ "event": "room:chat-message", "roomId": room, "message": "still there?" })).await;
    first_tab.expect("room:chat-message").await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_latecomer_watches_then_joins_the_running_game(pool: PgPool) {
    let t = table(pool, &["alice", "carol"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    alice.expect("game:start").await;
    t.start_now(&room).await;

    let mut carol = t.game(1, &room).await;
    let overview = carol.expect("game:overview").await;
    assert!(overview.get("puzzle").is_none(), "watchers do not get the puzzle");
    assert_eq!(carol.expect("error").await["message"], "User not in this game");
    carol.send(json!({ "event": "game:join" })).await;
    let joined = carol.expect_where("game:overview", |f| f.get("puzzle").is_some()).await;
    assert_eq!(joined["game"]["players"].as_array().unwrap().len(), 2);

    // Joining the room during the game only brings its start.
    let mut late = t.lobby(1).await;
    late.send(json!({ "event": "room:join", "roomId": room })).await;
    assert_eq!(late.expect("game:start").await["gameUrl"], format!("/multiplayer/{room}"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn game_submissions_are_checked(pool: PgPool) {
    let t = table(pool, &["alice", "bob", "carol"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let _bob = join(&t, 1, &room).await;
    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    alice.expect("game:start").await;
    let puzzle: app::core::Id = sqlx::query_scalar("SELECT puzzle_id FROM games WHERE id = $1")
        .bind(room.parse::<app::core::Id>().unwrap())
        .fetch_one(&t.app.pool)
        .await
        .unwrap();
    let python = language_id(&t.app, "python").await;
    let submit = |player: usize, code: &'static str| {
        let client = t.clients[player].clone();
        let url = t.app.url("/api/v1/submission");
        let python = python.clone();
        async move {
            body(
                client
                    .post(url)
                    .json(&json!({ "puzzleId": puzzle, "programmingLanguage": python, "code": code }))
                    .send()
                    .await
                    .unwrap(),
            )
            .await["_id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let link = |player: usize, submission: String| {
        let client = t.clients[player].clone();
        let url = t.app.url("/api/v1/submission/game");
        let room = room.clone();
        async move {
            client
                .post(url)
                .json(&json!({ "gameId": room, "submissionId": submission }))
                .send()
                .await
                .unwrap()
        }
    };

    let early = submit(1, SUM).await;
    let refused = link(1, early).await;
    assert_eq!(refused.status(), 400, "before the start time");
    t.start_now(&room).await;

    let wrong = submit(1, "print(0)").await;
    let rejected = body(link(1, wrong).await).await;
    assert!(
        rejected["error"].as_str().unwrap().starts_with("Submission invalid for fastest mode"),
        "{rejected}"
    );

    let stranger = submit(2, SUM).await;
    assert_eq!(link(2, stranger).await.status(), 403, "carol is not a player");
    let bobs = submit(1, SUM).await;
    assert_eq!(link(0, bobs.clone()).await.status(), 404, "someone else's submission");
    assert_eq!(link(1, bobs.clone()).await.status(), 201);
    let twice = body(link(1, submit(1, SUM).await).await).await;
    assert!(twice["error"].as_str().unwrap().contains("has already submitted"), "{twice}");
    let bad = t.clients[1]
        .post(t.app.url("/api/v1/submission/game"))
        .json(&json!({ "gameId": "nope" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    // Once every player has submitted, the game ends.
    let alices = submit(0, SUM).await;
    assert_eq!(link(0, alices).await.status(), 201);
    let status: String = sqlx::query_scalar("SELECT status::text FROM games WHERE id = $1")
        .bind(room.parse::<app::core::Id>().unwrap())
        .fetch_one(&t.app.pool)
        .await
        .unwrap();
    assert_eq!(status, "completed");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_ban_closes_the_sockets_already_open(pool: PgPool) {
    let t = table(pool, &["alice", "bob"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let mut bob_lobby = join(&t, 1, &room).await;
    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    alice.expect("game:start").await;
    t.start_now(&room).await;
    let mut bob_game = t.game(1, &room).await;
    bob_game.expect("game:overview").await;

    let bob = t.app.user_id("bob").await;
    app::accounts::service::bans::ban(
        &t.app.pool,
        &t.app.caller("referee").await,
        bob,
        app::accounts::service::bans::BanOrder {
            ban_type: app::accounts::BanType::Permanent,
            reason: "abusive chat messages".into(),
            duration: None,
        },
    )
    .await
    .unwrap();
    // Both of his open sockets say why and close, without waiting for him to act.
    for socket in [&mut bob_game, &mut bob_lobby] {
        let told = socket.expect("error").await;
        assert!(told["message"].as_str().unwrap().contains("permanently banned"), "{told}");
        assert!(socket.next().await.is_none(), "the socket closes after the ban");
    }
    // His session ended with the ban: no new socket.
    assert!(try_connect(&t.app.base, &format!("/ws/game/{room}"), Some(&t.cookies[1]), None).await.is_err());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn sockets_refuse_strangers(pool: PgPool) {
    let t = table(pool, &["alice"]).await;
    assert!(try_connect(&t.app.base, "/ws", None, None).await.is_err(), "no session");
    assert!(
        try_connect(&t.app.base, "/ws", Some(&t.cookies[0]), Some("https://evil.example")).await.is_err()
    );
    assert!(
        try_connect(&t.app.base, "/ws", Some(&t.cookies[0]), Some("http://localhost:5173")).await.is_ok()
    );

    let mut missing = t.game(0, "507f1f77bcf86cd799439011").await;
    assert_eq!(missing.expect("game:nonexistent").await["message"], "Game not found");
    assert_eq!(missing.closed_with().await.map(|c| u16::from(c.code)), Some(1008));
    let mut malformed = t.game(0, "not-an-id").await;
    assert_eq!(malformed.expect("error").await["message"], "Game not found");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn bad_frames_get_an_error_and_break_nothing(pool: PgPool) {
    let t = table(pool, &["alice"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    for frame in [
        "not json".to_owned(),
        json!({ "event": "room:explode" }).to_string(),
        json!({ "event": "room:join", "roomId": 12 }).to_string(),
        json!({ "event": "room:chat-message", "roomId": room, "message": "x".repeat(501) }).to_string(),
        json!({ "event": "room:chat-message", "roomId": room, "message": "x".repeat(20_000) }).to_string(),
        json!({ "event": "room:join", "roomId": "507f1f77bcf86cd799439011" }).to_string(),
    ] {
        alice.send_raw(&frame).await;
        let error = alice.expect("error").await;
        assert!(error["message"].is_string());
    }
    alice.send(json!({ "event": "room:join", "roomId": "507f1f77bcf86cd799439011" })).await;
    assert_eq!(alice.expect("error").await["message"], "Room 507f1f77bcf86cd799439011 not found");
    alice.send(json!({ "event": "room:chat-message", "roomId": room, "message": "still fine" })).await;
    assert_eq!(alice.expect("room:chat-message").await["message"], "still fine");

    // A flood is cut off by the per-socket rate limit, without closing the socket.
    for _ in 0..40 {
        alice.send(json!({ "event": "room:chat-message", "roomId": room, "message": "spam" })).await;
    }
    alice.expect_where("error", |f| f["message"] == "Too many messages: slow down").await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn fifty_concurrent_joins_make_fifty_members(pool: PgPool) {
    let names: Vec<String> = (0..51).map(|i| format!("player{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let t = table(pool, &refs).await;
    let (_owner, room) = host(&t, json!({})).await;
    let joins = (1..=50).map(|i| {
        let (base, cookie, room) = (t.app.base.clone(), t.cookies[i].clone(), room.clone());
        tokio::spawn(async move {
            let mut socket = connect(&base, "/ws", &cookie).await;
            socket.send(json!({ "event": "room:join", "roomId": room })).await;
            socket.expect("room:overview").await;
            socket
        })
    });
    let sockets = futures::future::join_all(joins).await;
    assert!(sockets.iter().all(Result::is_ok));
    let (members, distinct): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT user_id) FROM game_players WHERE game_id = $1")
            .bind(room.parse::<app::core::Id>().unwrap())
            .fetch_one(&t.app.pool)
            .await
            .unwrap();
    assert_eq!((members, distinct), (51, 51));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn two_simultaneous_starts_make_one_game(pool: PgPool) {
    let t = table(pool, &["alice", "bob"]).await;
    let (mut first, room) = host(&t, json!({})).await;
    let mut second = t.lobby(0).await;
    let _bob = join(&t, 1, &room).await;
    first.send(json!({ "event": "game:start", "roomId": room })).await;
    second.send(json!({ "event": "game:start", "roomId": room })).await;
    // Either tab may win the race; the other is refused.
    let refused = tokio::select! {
        frame = first.expect("error") => frame,
        frame = second.expect("error") => frame,
    };
    assert_eq!(refused["message"], "The game has already been started");
    let games: i64 = sqlx::query_scalar("SELECT count(*) FROM games WHERE status = 'in_progress'")
        .fetch_one(&t.app.pool)
        .await
        .unwrap();
    assert_eq!(games, 1);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_owner_leaving_during_the_countdown_keeps_the_game(pool: PgPool) {
    let t = table(pool, &["alice", "bob"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let mut bob = join(&t, 1, &room).await;
    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    bob.expect("game:start").await;
    alice.send(json!({ "event": "room:leave", "roomId": room })).await;
    alice.close().await;
    let mut bob_game = t.game(1, &room).await;
    let overview = bob_game.expect("game:overview").await;
    assert_eq!(overview["game"]["players"].as_array().unwrap().len(), 2, "nobody left the game");
    assert_eq!(overview["game"]["owner"]["username"], "alice");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_restart_in_the_middle_of_a_game_loses_nothing(pool: PgPool) {
    let t = table(pool.clone(), &["alice", "bob"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let _bob = join(&t, 1, &room).await;
    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    alice.expect("game:start").await;
    t.start_now(&room).await;
    let mut alice_game = t.game(0, &room).await;
    alice_game.expect("game:overview").await;
    alice_game
        .send(json!({ "event": "message:send", "chatMessage": { "message": "before the crash" } }))
        .await;
    alice_game.expect("message:send").await;

    t.app.stop();
    let restarted = spawn_app(pool).await;
    let mut again = connect(&restarted.base, &format!("/ws/game/{room}"), &t.cookies[1]).await;
    let overview = again.expect("game:overview").await;
    assert_eq!(overview["game"]["players"].as_array().unwrap().len(), 2);
    assert_eq!(overview["puzzle"]["title"], "Sum of numbers");
    assert_eq!(
        again.expect("message:send").await["chatMessage"]["message"],
        "before the crash",
        "chat is replayed"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn two_servers_share_one_room(pool: PgPool) {
    let t = table(pool.clone(), &["alice", "bob"]).await;
    let other = spawn_app(pool).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let mut bob = connect(&other.base, "/ws", &t.cookies[1]).await;
    bob.expect("rooms:overview").await;
    bob.send(json!({ "event": "room:join", "roomId": room })).await;
    bob.expect("room:overview").await;
    let overview =
        alice.expect_where("room:overview", |f| f["room"]["users"].as_array().unwrap().len() == 2).await;
    assert_eq!(usernames(&overview), ["alice", "bob"]);
    bob.send(json!({ "event": "room:chat-message", "roomId": room, "message": "from the other server" }))
        .await;
    assert_eq!(alice.expect("room:chat-message").await["message"], "from the other server");
    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    bob.expect("game:start").await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_private_room_takes_its_invite_code_not_its_id(pool: PgPool) {
    let t = table(pool, &["alice", "bob"]).await;
    let (_alice, room) = host(&t, json!({ "visibility": "private" })).await;
    let code: String = sqlx::query_scalar("SELECT invite_code FROM games WHERE id = $1")
        .bind(room.parse::<app::core::Id>().unwrap())
        .fetch_one(&t.app.pool)
        .await
        .unwrap();
    let mut bob = t.lobby(1).await;
    bob.send(json!({ "event": "room:join", "roomId": room })).await;
    let refused = bob.expect("error").await;
    assert!(refused["message"].as_str().unwrap().contains("not found"), "{refused}");
    for bad in ["", "abc", "ab12cd", "TOOLONGCODE"] {
        bob.send(json!({ "event": "room:join-by-invite", "inviteCode": bad })).await;
        assert!(bob.expect("error").await["message"].as_str().unwrap().starts_with("Invalid invite code"));
    }
    bob.send(json!({ "event": "room:join-by-invite", "inviteCode": "AB\u{0}CDE" })).await;
    assert_eq!(bob.expect("error").await["message"], "Text may not contain NUL characters");
    bob.send(json!({ "event": "room:join-by-invite", "inviteCode": code })).await;
    let joined = bob.expect("room:overview").await;
    assert_eq!(usernames(&joined), ["alice", "bob"]);
    // Now seated, the id is enough to come back.
    bob.send(json!({ "event": "room:join", "roomId": room })).await;
    bob.expect("room:overview").await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn only_players_announce_a_language_and_only_the_games_own(pool: PgPool) {
    let t = table(pool, &["alice", "bob", "carol"]).await;
    let (mut alice, room) = host(&t, json!({})).await;
    let _bob = join(&t, 1, &room).await;
    alice.send(json!({ "event": "game:start", "roomId": room })).await;
    alice.expect("game:start").await;
    t.start_now(&room).await;
    let mut alice_game = t.game(0, &room).await;
    alice_game.expect("game:overview").await;
    let mut carol_game = t.game(2, &room).await;
    carol_game.expect("game:overview").await;

    carol_game.send(json!({ "event": "language:change", "language": "python" })).await;
    assert_eq!(carol_game.expect("error").await["message"], "User not in this game");
    alice_game.send(json!({ "event": "language:change", "language": "x".repeat(10_000) })).await;
    assert_eq!(alice_game.expect("error").await["message"], "Unknown language");
    alice_game.send(json!({ "event": "language:change", "language": "cobol" })).await;
    assert!(
        alice_game.expect("error").await["message"].as_str().unwrap().contains("not played in that language")
    );
    alice_game.send(json!({ "event": "message:send", "chatMessage": { "message": "a\u{0}b" } })).await;
    assert_eq!(alice_game.expect("error").await["message"], "Text may not contain NUL characters");

    alice_game.send(json!({ "event": "language:change", "language": "python" })).await;
    let told = alice_game.expect("language:change").await;
    assert_eq!((told["language"].as_str(), told["username"].as_str()), (Some("python"), Some("alice")));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn rooms_of_members_whose_process_died_close(pool: PgPool) {
    let t = table(pool, &["alice", "bob"]).await;
    let (alice, room) = host(&t, json!({})).await;
    let bob = join(&t, 1, &room).await;
    let room_id = room.parse::<app::core::Id>().unwrap();
    // Their process died with their sockets: the sockets never closed, nobody
    // refreshes their presence any more. (Dropping the test sockets would leave
    // the room the normal way, so the rows are aged instead.)
    sqlx::query("UPDATE lobby_presence SET seen_at = now() - interval '5 minutes'")
        .execute(&t.app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE game_players SET joined_at = now() - interval '5 minutes'")
        .execute(&t.app.pool)
        .await
        .unwrap();
    let timeout = app::games::rules::lifecycle::PRESENCE_TIMEOUT;
    let gone = app::games::service::rooms::close_abandoned(&t.app.pool, timeout).await.unwrap();
    assert_eq!(gone, 2);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM games WHERE id = $1")
        .bind(room_id)
        .fetch_one(&t.app.pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "the empty room is closed, so no longer listed or joinable");
    drop((alice, bob));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn signing_out_closes_the_users_sockets(pool: PgPool) {
    let t = table(pool, &["alice"]).await;
    let mut lobby = t.lobby(0).await;
    let signed_out =
        t.app.client.post(t.app.url("/api/v1/logout")).header("cookie", &t.cookies[0]).send().await.unwrap();
    assert_eq!(signed_out.status(), 200);
    let told = lobby.expect("error").await;
    assert!(told["message"].as_str().unwrap().contains("session has ended"), "{told}");
    assert!(lobby.next().await.is_none());
}
