//! Discussions over real HTTP and PostgreSQL: the legacy comment endpoints, votes
//! under concurrency, deletion, spoilers and blocking.

mod common;

use app::{
    comments::{VoteKind, service::votes},
    core::Id,
    state::AppState,
};
use common::{TestApp, body, new_client, published_sum_puzzle, spawn_app};
use serde_json::{Value, json};
use sqlx::PgPool;

async fn state(app: &TestApp) -> AppState {
    let config = common::test_config();
    let options = server::serve::leptos_options(&config);
    AppState::new(app.pool.clone(), config, options, common::shared_runner().await)
}

/// A published puzzle by `author`, and the clients of `author` and a moderator.
async fn discussed_puzzle(app: &TestApp) -> (String, reqwest::Client, reqwest::Client) {
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let puzzle = published_sum_puzzle(app, &author, &moderator).await;
    (puzzle, author, moderator)
}

async fn comment(app: &TestApp, client: &reqwest::Client, on: &str, text: &str) -> Value {
    let response =
        app.post_json(client, &format!("/api/v1/puzzle/{on}/comment"), json!({ "text": text })).await;
    assert_eq!(response.status(), 201, "commenting on {on}");
    body(response).await
}

async fn vote(app: &TestApp, client: &reqwest::Client, comment: &str, kind: &str) -> reqwest::Response {
    app.post_json(client, &format!("/api/v1/comment/{comment}/vote"), json!({ "type": kind })).await
}

fn id_of(document: &Value) -> String {
    document["_id"].as_str().unwrap().to_owned()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_legacy_comment_endpoints_keep_their_shapes(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (puzzle, _, _) = discussed_puzzle(&app).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;

    let top = comment(&app, &alice, &puzzle, "  Nice **puzzle**  ").await;
    assert_eq!(top["text"], "Nice **puzzle**");
    assert_eq!(top["author"]["username"], "alice", "populated");
    assert_eq!((top["upvote"].clone(), top["downvote"].clone()), (json!(0), json!(0)));
    assert_eq!(top["comments"], json!([]));
    assert_eq!(top["commentType"], "puzzle-comment");
    assert_eq!(top["parentId"], puzzle);
    assert_eq!(top["__v"], 0);
    assert!(top["createdAt"].as_str().unwrap().ends_with('Z'));
    let top_id = id_of(&top);

    // The legacy frontend posts replies to /puzzle/<comment id>/comment.
    let quirk = comment(&app, &bob, &top_id, "A reply, sent where the old frontend sends it").await;
    assert_eq!(quirk["commentType"], "comment-comment");
    assert_eq!(quirk["parentId"], top_id);
    let direct =
        app.post_json(&bob, &format!("/api/v1/comment/{top_id}/comment"), json!({ "text": "Direct" })).await;
    assert_eq!(direct.status(), 201);
    let direct = body(direct).await;
    assert_eq!(direct["parentId"], top_id);
    assert_eq!(direct["author"]["username"], "bob");

    let fetched = body(app.get(&format!("/api/v1/comment/{top_id}")).await).await;
    assert_eq!(fetched["author"]["username"], "alice");
    let replies = fetched["comments"].as_array().unwrap();
    assert_eq!(replies.len(), 2, "replies populated one level: {fetched}");
    assert_eq!(replies[0]["_id"], quirk["_id"]);
    assert_eq!(replies[0]["author"]["username"], "bob");
    assert_eq!(replies[1]["text"], "Direct");

    // Votes toggle and switch; the answer carries ids.
    let up = body(vote(&app, &bob, &top_id, "upvote").await).await;
    assert_eq!((up["upvote"].clone(), up["downvote"].clone()), (json!(1), json!(0)));
    assert_eq!(up["author"], json!(app.user_id("alice").await), "the author as an id");
    assert_eq!(up["comments"], json!([quirk["_id"], direct["_id"]]), "replies as ids");
    let undone = body(vote(&app, &bob, &top_id, "upvote").await).await;
    assert_eq!(undone["upvote"], 0);
    let down = body(vote(&app, &bob, &top_id, "downvote").await).await;
    assert_eq!((down["upvote"].clone(), down["downvote"].clone()), (json!(0), json!(1)));
    let switched = body(vote(&app, &bob, &top_id, "upvote").await).await;
    assert_eq!((switched["upvote"].clone(), switched["downvote"].clone()), (json!(1), json!(0)));
    let alice_up = body(vote(&app, &alice, &top_id, "upvote").await).await;
    assert_eq!(alice_up["upvote"], 2);
    let stored: (String, i64) =
        sqlx::query_as("SELECT string_agg(vote::text, ',' ORDER BY vote), count(*) FROM comment_votes")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored, ("upvote,upvote".into(), 2), "one vote per user");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn bad_comment_requests_are_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (puzzle, _, _) = discussed_puzzle(&app).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let top = id_of(&comment(&app, &alice, &puzzle, "Alice's comment").await);
    let missing = "507f1f77bcf86cd799439011";

    let anonymous = new_client();
    assert_eq!(
        app.post_json(&anonymous, &format!("/api/v1/puzzle/{puzzle}/comment"), json!({ "text": "hi" }))
            .await
            .status(),
        401
    );
    assert_eq!(vote(&app, &anonymous, &top, "upvote").await.status(), 401);
    assert_eq!(
        anonymous.delete(app.url(&format!("/api/v1/comment/{top}"))).send().await.unwrap().status(),
        401
    );

    for text in [
        json!({}),
        json!({ "text": "" }),
        json!({ "text": "   " }),
        json!({ "text": "x".repeat(321) }),
        json!({ "text": 5 }),
    ] {
        let response = app.post_json(&alice, &format!("/api/v1/puzzle/{puzzle}/comment"), text.clone()).await;
        assert_eq!(response.status(), 400, "{text}");
    }
    assert_eq!(
        app.post_json(
            &alice,
            &format!("/api/v1/puzzle/{puzzle}/comment"),
            json!({ "text": "é".repeat(320) })
        )
        .await
        .status(),
        201
    );
    assert_eq!(
        app.post_json(&alice, &format!("/api/v1/puzzle/{missing}/comment"), json!({ "text": "hi" }))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.post_json(&alice, "/api/v1/puzzle/not-an-id/comment", json!({ "text": "hi" })).await.status(),
        400
    );
    assert_eq!(
        app.post_json(&alice, &format!("/api/v1/comment/{missing}/comment"), json!({ "text": "hi" }))
            .await
            .status(),
        404
    );

    let bad_id = app.get("/api/v1/comment/not-an-id").await;
    assert_eq!(bad_id.status(), 400);
    let not_found = app.get(&format!("/api/v1/comment/{missing}")).await;
    assert_eq!(not_found.status(), 404);
    assert_eq!(body(not_found).await["error"], "Comment not found");

    for kind in [json!({}), json!({ "type": "sideways" }), json!({ "type": 1 })] {
        let response = app.post_json(&bob, &format!("/api/v1/comment/{top}/vote"), kind.clone()).await;
        assert_eq!(response.status(), 400, "{kind}");
    }
    assert_eq!(vote(&app, &bob, missing, "upvote").await.status(), 404);

    let stolen = bob.delete(app.url(&format!("/api/v1/comment/{top}"))).send().await.unwrap();
    assert_eq!(stolen.status(), 403, "only the author or a moderator deletes");
    assert_eq!(
        bob.delete(app.url(&format!("/api/v1/comment/{missing}"))).send().await.unwrap().status(),
        404
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn deleting_keeps_a_thread_its_shape(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (puzzle, _, moderator) = discussed_puzzle(&app).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let top = id_of(&comment(&app, &alice, &puzzle, "A secret I regret").await);
    let reply = id_of(&comment(&app, &bob, &top, "A reply that stays").await);
    let lonely = id_of(&comment(&app, &alice, &puzzle, "Nobody answered this").await);

    let deleted = alice.delete(app.url(&format!("/api/v1/comment/{top}"))).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert!(deleted.text().await.unwrap().is_empty());
    let kept = body(app.get(&format!("/api/v1/comment/{top}")).await).await;
    assert_eq!(kept["text"], "[deleted]");
    assert_eq!(kept["comments"][0]["text"], "A reply that stays");
    let html = app.get(&format!("/puzzles/{puzzle}")).await.text().await.unwrap();
    assert!(html.contains("[deleted]") && html.contains("A reply that stays"));
    assert!(!html.contains("A secret I regret"), "the author's text is gone");
    assert_eq!(vote(&app, &bob, &top, "upvote").await.status(), 404, "a deleted comment takes no votes");

    assert_eq!(
        alice.delete(app.url(&format!("/api/v1/comment/{lonely}"))).send().await.unwrap().status(),
        204
    );
    assert_eq!(app.get(&format!("/api/v1/comment/{lonely}")).await.status(), 404, "without replies it goes");

    let removed = moderator.delete(app.url(&format!("/api/v1/comment/{reply}"))).send().await.unwrap();
    assert_eq!(removed.status(), 204, "moderators remove");
    let audit: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_logs WHERE action = 'content.remove'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(audit, 1);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn fifty_users_voting_at_once_leave_exact_counts(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (puzzle, author, _) = discussed_puzzle(&app).await;
    let comment = comment(&app, &author, &puzzle, "Vote on me").await;
    let comment: Id = id_of(&comment).parse().unwrap();
    let mut callers = Vec::new();
    for n in 0..50 {
        let name = format!("voter{n}");
        sqlx::query(
            "INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $3, 'not a hash')",
        )
        .bind(Id::new())
        .bind(&name)
        .bind(format!("{name}@example.com"))
        .execute(&app.pool)
        .await
        .unwrap();
        callers.push(app.caller(&name).await);
    }
    let state = state(&app).await;
    let kind = |n: usize| if n.is_multiple_of(5) { VoteKind::Down } else { VoteKind::Up };
    let handles: Vec<_> = callers
        .iter()
        .cloned()
        .enumerate()
        .map(|(n, caller)| {
            let state = state.clone();
            tokio::spawn(async move { votes::vote(&state, &caller, comment, kind(n)).await })
        })
        .collect();
    for handle in handles {
        handle.await.unwrap().expect("every vote counts");
    }
    let counts: (i32, i32) = sqlx::query_as("SELECT upvote, downvote FROM comments WHERE id = $1")
        .bind(comment)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(counts, (40, 10));

    // Half of them take their vote back, at once.
    let handles: Vec<_> = callers
        .iter()
        .cloned()
        .enumerate()
        .filter(|(n, _)| n % 2 == 0)
        .map(|(n, caller)| {
            let state = state.clone();
            tokio::spawn(async move { votes::vote(&state, &caller, comment, kind(n)).await })
        })
        .collect();
    for handle in handles {
        handle.await.unwrap().unwrap();
    }
    let (up, down): (i32, i32) = sqlx::query_as("SELECT upvote, downvote FROM comments WHERE id = $1")
        .bind(comment)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let stored: (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE vote = 'upvote'), count(*) FILTER (WHERE vote = 'downvote')
         FROM comment_votes WHERE comment_id = $1",
    )
    .bind(comment)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((i64::from(up), i64::from(down)), stored);
    assert_eq!((up, down), (20, 5));
}

/// An accepted submission of `user` for `puzzle`, as the judge records one.
async fn accepted(app: &TestApp, puzzle: &str, user: &str) {
    let language: Id = common::language_id(app, "python").await.parse().unwrap();
    sqlx::query(
        "INSERT INTO submissions (id, puzzle_id, user_id, language_id, code, status, result, success_rate)
         VALUES ($1, $2, $3, $4, 'print(1)', 'judged', 'success', 1)",
    )
    .bind(Id::new())
    .bind(puzzle.parse::<Id>().unwrap())
    .bind(app.user_id(user).await)
    .bind(language)
    .execute(&app.pool)
    .await
    .unwrap();
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn spoilers_stay_out_of_the_page_until_solved(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (puzzle, _, _) = discussed_puzzle(&app).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let posted = alice
        .post(app.url("/api/comments/post"))
        .form(&[("puzzle", puzzle.as_str()), ("text", "Use a *hash map*"), ("spoiler", "on")])
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200, "{}", posted.text().await.unwrap());
    let page = |client: reqwest::Client| {
        let url = app.url(&format!("/puzzles/{puzzle}"));
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let bobs = page(bob.clone()).await;
    assert!(bobs.contains("Reveal spoiler"));
    assert!(!bobs.contains("hash map"), "a spoiler is not in a non-solver's HTML, nor its hydration data");
    assert!(!page(new_client()).await.contains("hash map"));
    assert!(page(alice.clone()).await.contains("<em>hash map</em>"), "its author reads it");

    accepted(&app, &puzzle, "bob").await;
    assert!(page(bob.clone()).await.contains("<em>hash map</em>"), "a solver reads it");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn comment_text_is_sanitized_markdown(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (puzzle, _, _) = discussed_puzzle(&app).await;
    let alice = app.signed_up("alice").await;
    comment(
        &app,
        &alice,
        &puzzle,
        "**bold** <img src=x onerror=alert(1)> [a](javascript:alert(2))\n\n<script>alert('x')</script>",
    )
    .await;
    let html = app.get(&format!("/puzzles/{puzzle}")).await.text().await.unwrap();
    assert!(html.contains("<strong>bold</strong>"));
    for unsafe_text in ["alert('x')", "onerror", "javascript:alert"] {
        let at = html.find(unsafe_text).map(|i| &html[i.saturating_sub(200)..(i + 100).min(html.len())]);
        assert!(at.is_none(), "{unsafe_text} reached the page: {at:?}");
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn blocked_users_are_hidden_and_cannot_reply(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (puzzle, _, _) = discussed_puzzle(&app).await;
    let alice = app.signed_up("alice").await;
    let troll = app.signed_up("troll").await;
    let alices = id_of(&comment(&app, &alice, &puzzle, "Alice asks a question").await);
    comment(&app, &troll, &puzzle, "Something rude").await;
    let troll_id = app.user_id("troll").await;
    let blocked = alice
        .put(app.url("/api/v1/account/preferences"))
        .json(&json!({ "blockedUsers": [troll_id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), 200, "{}", blocked.text().await.unwrap());

    let html = alice.get(app.url(&format!("/puzzles/{puzzle}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Comment from a blocked user") && !html.contains("Something rude"));
    let others = app.get(&format!("/puzzles/{puzzle}")).await.text().await.unwrap();
    assert!(others.contains("Something rude"), "only the blocker stops seeing it");

    let reply =
        app.post_json(&troll, &format!("/api/v1/comment/{alices}/comment"), json!({ "text": "Hey" })).await;
    assert_eq!(reply.status(), 403);
}
