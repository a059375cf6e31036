//! The community around a puzzle over real HTTP, sockets and PostgreSQL: the
//! solutions tab and its locks, reports from everywhere with their categories and
//! one open report per reporter, and blocking in the chat sockets.

mod common;
mod realtime;

use app::core::Id;
use common::{
    EXPLANATION, TestApp, body, call, language_id, new_client, published_sum_puzzle, session_cookie,
    spawn_app,
};
use realtime::connect;
use serde_json::{Value, json};
use sqlx::PgPool;

/// A submission of `user` for `puzzle` as the judge records it, accepted or not,
/// `minutes` ago; returns its id.
async fn judged(app: &TestApp, puzzle: &str, user: &str, code: &str, accepted: bool, minutes: i32) -> String {
    let language: Id = language_id(app, "python").await.parse().unwrap();
    let id = Id::new();
    sqlx::query(
        "INSERT INTO submissions (id, puzzle_id, user_id, language_id, code, status, result, success_rate, created_at)
         VALUES ($1, $2, $3, $4, $5, 'judged', $6::test_result, $7, now() - make_interval(mins => $8))",
    )
    .bind(id)
    .bind(puzzle.parse::<Id>().unwrap())
    .bind(app.user_id(user).await)
    .bind(language)
    .bind(code)
    .bind(if accepted { "success" } else { "error" })
    .bind(if accepted { 1.0 } else { 0.5 })
    .bind(minutes)
    .execute(&app.pool)
    .await
    .unwrap();
    id.to_string()
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client.get(app.url(path)).send().await.unwrap().text().await.unwrap()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn solutions_open_to_solvers_and_never_show_rejected_code(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let carol = app.signed_up("carol").await;
    judged(&app, &puzzle, "alice", "print('alice, first try')", true, 30).await;
    let alices = judged(&app, &puzzle, "alice", "print('alice, shorter')", true, 20).await;
    let bobs_failure = judged(&app, &puzzle, "bob", "print('bob got it wrong')", false, 10).await;
    let tab = format!("/puzzles/{puzzle}?tab=solutions");

    let visitor = page(&app, &new_client(), &tab).await;
    assert!(visitor.contains("Sign in and solve this puzzle"), "the tab says why it is locked");
    let carols = page(&app, &carol, &tab).await;
    assert!(carols.contains("Solutions unlock once you have solved this puzzle"));
    let bobs = page(&app, &bob, &tab).await;
    assert!(bobs.contains("Solutions unlock once"), "a rejected submission does not unlock them");
    for html in [&visitor, &carols, &bobs] {
        assert!(!html.contains("alice, shorter") && !html.contains("bob got it wrong"));
    }
    let locked =
        call(&app, &carol, "comments/solutions", &[("puzzle", &puzzle), ("sort", "Votes"), ("page", "1")])
            .await;
    assert_eq!(body(locked).await["solutions"]["Err"], "Unsolved");

    judged(&app, &puzzle, "carol", "print(sum(map(int, input().split())))", true, 5).await;
    let opened = page(&app, &carol, &tab).await;
    assert!(opened.contains("alice, shorter"), "the latest accepted solution per player and language");
    assert!(!opened.contains("alice, first try"));
    assert!(!opened.contains("bob got it wrong"), "code that was not accepted is never shown");
    assert!(opened.contains(&format!("/submissions/{alices}")), "with its receipt");
    let listed = body(
        call(&app, &carol, "comments/solutions", &[("puzzle", &puzzle), ("sort", "Length"), ("page", "1")])
            .await,
    )
    .await;
    let items = listed["solutions"]["Ok"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "the reader's own solution is not among the others': {listed}");
    assert_eq!(items[0]["author"], "alice");
    assert_eq!(items[0]["language"], "python");

    // The receipt: readable by a solver, not the rejected one.
    let receipt = call(&app, &carol, "submissions/get", &[("id", &alices)]).await;
    assert_eq!(receipt.status(), 200);
    assert_eq!(body(receipt).await["code"], "print('alice, shorter')");
    assert_eq!(call(&app, &carol, "submissions/get", &[("id", &bobs_failure)]).await.status(), 403);
    assert_eq!(
        call(&app, &bob, "submissions/get", &[("id", &alices)]).await.status(),
        403,
        "bob has not solved it"
    );

    // Its own votes and thread.
    let up = call(&app, &carol, "comments/vote-solution", &[("id", &alices), ("kind", "upvote")]).await;
    assert_eq!(body(up).await["upvote"], 1);
    let undone = call(&app, &carol, "comments/vote-solution", &[("id", &alices), ("kind", "upvote")]).await;
    assert_eq!(body(undone).await["upvote"], 0, "the same vote again takes it back");
    let own = call(&app, &alice, "comments/vote-solution", &[("id", &alices), ("kind", "upvote")]).await;
    assert_eq!(own.status(), 400, "nobody votes on their own solution");
    assert_eq!(
        call(&app, &bob, "comments/vote-solution", &[("id", &alices), ("kind", "upvote")]).await.status(),
        403
    );
    assert_eq!(
        call(&app, &carol, "comments/vote-solution", &[("id", &bobs_failure), ("kind", "upvote")])
            .await
            .status(),
        404,
        "a rejected submission is not a solution"
    );

    let posted = call(
        &app,
        &carol,
        "comments/post",
        &[("puzzle", &puzzle), ("solution", &alices), ("text", "Neat trick")],
    )
    .await;
    assert_eq!(posted.status(), 200, "{}", posted.text().await.unwrap());
    let refused = call(
        &app,
        &bob,
        "comments/post",
        &[("puzzle", &puzzle), ("solution", &alices), ("text", "Let me see")],
    )
    .await;
    assert_eq!(refused.status(), 403, "only solvers join a solution's discussion");
    let elsewhere =
        call(&app, &carol, "comments/post", &[("puzzle", &alices), ("solution", &alices), ("text", "x")])
            .await;
    assert_eq!(elsewhere.status(), 400, "a solution belongs to its own puzzle");
    let receipt_page = page(&app, &alice, &format!("/submissions/{alices}")).await;
    assert!(receipt_page.contains("Discussion of this solution") && receipt_page.contains("Neat trick"));
    let puzzle_page = page(&app, &alice, &format!("/puzzles/{puzzle}")).await;
    assert!(!puzzle_page.contains("Neat trick"), "a solution's thread is not the puzzle's");
    let listed = page(&app, &carol, &tab).await;
    assert!(listed.contains("1 comment"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn one_open_report_per_reporter_and_target_with_its_category(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let author_id = app.user_id("author").await.to_string();

    let legacy =
        json!({ "problematicIdentifier": puzzle, "problemType": "puzzle", "explanation": EXPLANATION });
    let first = app.post_json(&alice, "/api/v1/report", legacy.clone()).await;
    assert_eq!(first.status(), 201);
    let first = body(first).await;
    assert_eq!(first["reason"], "other", "a legacy report without a category");
    assert_eq!((first["status"].clone(), first["__v"].clone()), (json!("pending"), json!(0)));
    let again = app.post_json(&alice, "/api/v1/report", legacy.clone()).await;
    assert_eq!(again.status(), 409);
    assert!(body(again).await["message"].as_str().unwrap().contains("already reported"));
    assert_eq!(app.post_json(&bob, "/api/v1/report", legacy).await.status(), 201, "another reporter may");

    // From the pages: a user on their profile, in a category.
    let form = [
        ("problem", "user"),
        ("target", author_id.as_str()),
        ("reason", "abuse"),
        ("explanation", EXPLANATION),
    ];
    assert_eq!(call(&app, &alice, "moderation/report", &form).await.status(), 200);
    assert_eq!(call(&app, &alice, "moderation/report", &form).await.status(), 409);
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT problem_type::text, reason::text FROM reports ORDER BY created_at, id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.last().unwrap(), &("user".to_owned(), "abuse".to_owned()));
    let desk = page(&app, &moderator, "/moderation/reports").await;
    assert!(desk.contains("Abuse or harassment"), "the desk shows the category");

    // Once decided, the same reporter may report it again.
    let decided = app
        .post_json(
            &moderator,
            &format!("/api/v1/moderation/report/{}/resolve", first["_id"].as_str().unwrap()),
            json!({ "status": "rejected" }),
        )
        .await;
    assert_eq!(decided.status(), 200);
    let after = json!({ "problematicIdentifier": puzzle, "problemType": "puzzle", "reason": "cheating", "explanation": EXPLANATION });
    let after = app.post_json(&alice, "/api/v1/report", after).await;
    assert_eq!(after.status(), 201);
    assert_eq!(body(after).await["reason"], "cheating");

    for bad in [
        json!({ "problematicIdentifier": puzzle, "problemType": "puzzle", "reason": "boring", "explanation": EXPLANATION }),
        json!({ "problematicIdentifier": puzzle, "problemType": "puzzle", "explanation": "too short" }),
        json!({ "problematicIdentifier": puzzle, "problemType": "nothing", "explanation": EXPLANATION }),
        json!({ "problemType": "puzzle", "explanation": EXPLANATION }),
        json!({ "problematicIdentifier": puzzle, "problemType": "user", "explanation": format!("{EXPLANATION}\u{0}") }),
    ] {
        assert_eq!(app.post_json(&bob, "/api/v1/report", bad.clone()).await.status(), 400, "{bad}");
    }
    let form = [
        ("problem", "puzzle"),
        ("target", puzzle.as_str()),
        ("reason", "boring"),
        ("explanation", EXPLANATION),
    ];
    assert_eq!(call(&app, &bob, "moderation/report", &form).await.status(), 400);
    let signed_out = call(
        &app,
        &new_client(),
        "moderation/report",
        &[
            ("problem", "puzzle"),
            ("target", puzzle.as_str()),
            ("reason", "spam"),
            ("explanation", EXPLANATION),
        ],
    )
    .await;
    assert_eq!(signed_out.status(), 401);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_report_button_is_on_puzzles_and_profiles_for_others(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    let alice = app.signed_up("alice").await;
    let on_puzzle = page(&app, &alice, &format!("/puzzles/{puzzle}")).await;
    assert!(on_puzzle.contains("What is wrong with this puzzle?"));
    assert!(page(&app, &alice, "/profile/author").await.contains("What is wrong with this user?"));
    assert!(
        !page(&app, &author, &format!("/puzzles/{puzzle}")).await.contains("What is wrong with this puzzle?")
    );
    assert!(!page(&app, &author, "/profile/author").await.contains("What is wrong with this user?"));
    assert!(!page(&app, &new_client(), "/profile/author").await.contains("What is wrong with this user?"));
}

/// Blocks `blocked` for `blocker` through the legacy preferences endpoint.
async fn block(app: &TestApp, blocker: &reqwest::Client, blocked: &str) {
    let id = app.user_id(blocked).await;
    let response = blocker
        .put(app.url("/api/v1/account/preferences"))
        .json(&json!({ "blockedUsers": [id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

fn is_collapsed(frame: &Value) -> bool {
    frame["blocked"] == true && frame["message"] == "Message from a blocked user"
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_blocked_users_chat_never_reaches_the_blocker(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    app.signed_up("troll").await;
    app.signed_up("carol").await;
    let moderator = app.moderator("mod").await;
    published_sum_puzzle(&app, &alice, &moderator).await;
    let cookie = |name: &'static str| session_cookie(&app, name);
    let (alice_cookie, troll_cookie, carol_cookie) =
        (cookie("alice").await, cookie("troll").await, cookie("carol").await);

    let mut alice_lobby = connect(&app.base, "/ws", &alice_cookie).await;
    alice_lobby.send(json!({ "event": "room:host" })).await;
    let room = alice_lobby.expect("room:overview").await["room"]["roomId"].as_str().unwrap().to_owned();
    let mut troll_lobby = connect(&app.base, "/ws", &troll_cookie).await;
    troll_lobby.send(json!({ "event": "room:join", "roomId": room })).await;
    troll_lobby.expect("room:overview").await;
    let mut carol_lobby = connect(&app.base, "/ws", &carol_cookie).await;
    carol_lobby.send(json!({ "event": "room:join", "roomId": room })).await;
    carol_lobby.expect("room:overview").await;

    // Blocked while the sockets are open: the change reaches them live.
    block(&app, &alice, "troll").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    troll_lobby
        .send(json!({ "event": "room:chat-message", "roomId": room, "message": "you all stink" }))
        .await;
    let seen = alice_lobby.expect("room:chat-message").await;
    assert!(is_collapsed(&seen), "{seen}");
    assert!(!seen.to_string().contains("stink"), "the text never reaches the blocker");
    let others = carol_lobby.expect("room:chat-message").await;
    assert_eq!(
        (others["message"].as_str(), others["blocked"].as_bool()),
        (Some("you all stink"), Some(false))
    );

    alice_lobby.send(json!({ "event": "game:start", "roomId": room })).await;
    alice_lobby.expect("game:start").await;
    let mut troll_game = connect(&app.base, &format!("/ws/game/{room}"), &troll_cookie).await;
    troll_game.expect("game:overview").await;
    troll_game
        .send(json!({ "event": "message:send", "chatMessage": { "message": "still here, losers" } }))
        .await;
    troll_game.expect("message:send").await;
    // Replayed to a socket opened afterwards, as the game page opens one.
    let mut alice_game = connect(&app.base, &format!("/ws/game/{room}"), &alice_cookie).await;
    let replayed = alice_game.expect("message:send").await;
    assert!(is_collapsed(&replayed["chatMessage"]), "{replayed}");
    let mut carol_game = connect(&app.base, &format!("/ws/game/{room}"), &carol_cookie).await;
    assert_eq!(carol_game.expect("message:send").await["chatMessage"]["message"], "still here, losers");
    troll_game.send(json!({ "event": "message:send", "chatMessage": { "message": "live insult" } })).await;
    let live = alice_game.expect("message:send").await;
    assert!(is_collapsed(&live["chatMessage"]) && !live.to_string().contains("insult"), "{live}");
    assert_eq!(carol_game.expect("message:send").await["chatMessage"]["message"], "live insult");
}
