//! Notifications over real HTTP and PostgreSQL: each kind written once by its job,
//! the recipient's rules (kinds switched off, own actions, blocked users), the unread
//! count, marking read, the live count, and what visitors and bad input get.

mod common;

use app::{
    core::Id,
    notifications::{
        NotificationKind,
        service::{delivery, outbox},
    },
};
use common::{
    TestApp, body, call, new_client, published_sum_puzzle, report, session_cookie, spawn_app,
    submitted_sum_puzzle,
};
use serde_json::{Value, json};
use sqlx::PgPool;
use std::time::Duration;

/// Waits until every queued notification job has run (the server's worker deletes
/// a job in the transaction that writes its notifications).
async fn settle(app: &TestApp) {
    for _ in 0..100 {
        let queued: i64 =
            sqlx::query_scalar("SELECT count(*) FROM notification_jobs").fetch_one(&app.pool).await.unwrap();
        if queued == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the notification jobs did not run");
}

/// Every notification as (recipient, kind), sorted.
async fn written(app: &TestApp) -> Vec<(String, String)> {
    settle(app).await;
    sqlx::query_as(
        "SELECT u.username, n.kind::text FROM notifications n JOIN users u ON u.id = n.recipient_id ORDER BY 1, 2",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<_> =
        expected.iter().map(|(user, kind)| (user.to_string(), kind.to_string())).collect();
    pairs.sort();
    pairs
}

async fn comment(app: &TestApp, client: &reqwest::Client, on: &str, text: &str) -> String {
    let response =
        app.post_json(client, &format!("/api/v1/puzzle/{on}/comment"), json!({ "text": text })).await;
    assert_eq!(response.status(), 201, "commenting on {on}");
    body(response).await["_id"].as_str().unwrap().to_owned()
}

async fn reply(app: &TestApp, client: &reqwest::Client, to: &str, text: &str) -> String {
    let response =
        app.post_json(client, &format!("/api/v1/comment/{to}/comment"), json!({ "text": text })).await;
    assert_eq!(response.status(), 201, "replying to {to}");
    body(response).await["_id"].as_str().unwrap().to_owned()
}

async fn unread(app: &TestApp, client: &reqwest::Client) -> Value {
    let response = call(app, client, "notifications/unread", &[]).await;
    assert_eq!(response.status(), 200);
    body(response).await
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn each_kind_is_written_once_for_its_recipient(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let carol = app.signed_up("carol").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;

    let alices = comment(&app, &alice, &puzzle, "How large can the numbers get?").await;
    reply(&app, &author, &alices, "They fit in 64 bits.").await;
    comment(&app, &author, &puzzle, "Thanks for playing, everyone.").await;
    // Delivered before the moderator removes Alice's comment: a job that runs after
    // the removal rightly tells nobody about it.
    settle(&app).await;

    let sent_back = submitted_sum_puzzle(&app, &author, "Sum, second try").await;
    let feedback = "Explain what happens with empty input.";
    let decided = call(
        &app,
        &moderator,
        "moderation/decide-review",
        &[("id", sent_back.as_str()), ("verdict", "request_changes"), ("feedback", feedback)],
    )
    .await;
    assert_eq!(decided.status(), 200);

    let on_comment = report(&app, &bob, "comment", &alices).await;
    let remove =
        [("report", on_comment.as_str()), ("decision", "resolve"), ("action", "remove"), ("note", "Rude.")];
    assert_eq!(call(&app, &moderator, "moderation/decide-report", &remove).await.status(), 200);
    let bob_id = app.user_id("bob").await.to_string();
    let on_bob = report(&app, &carol, "user", &bob_id).await;
    let warn =
        [("report", on_bob.as_str()), ("decision", "resolve"), ("action", "warn"), ("note", "Be civil.")];
    assert_eq!(call(&app, &moderator, "moderation/decide-report", &warn).await.status(), 200);
    let on_puzzle = report(&app, &alice, "puzzle", &puzzle).await;
    let dismiss = [("report", on_puzzle.as_str()), ("decision", "dismiss"), ("note", "Nothing wrong here.")];
    assert_eq!(call(&app, &moderator, "moderation/decide-report", &dismiss).await.status(), 200);
    let ban = [("user", bob_id.as_str()), ("penalty", "1"), ("reason", "Insults after a warning.")];
    assert_eq!(call(&app, &moderator, "moderation/ban", &ban).await.status(), 200);

    assert_eq!(
        written(&app).await,
        pairs(&[
            ("author", "puzzle_approved"),
            ("author", "puzzle_comment"),
            ("author", "puzzle_revise"),
            ("alice", "reply"),
            ("alice", "content_removed"),
            ("alice", "report_dismissed"),
            ("bob", "report_resolved"),
            ("bob", "warned"),
            ("bob", "banned"),
            ("carol", "report_resolved"),
        ]),
        "one each, and none for the author's own comment"
    );

    // The author reads the feedback with the notification; moderators stay unnamed.
    let listed = body(call(&app, &author, "notifications/list", &[("page", "1")]).await).await;
    let revise = listed["items"].as_array().unwrap().iter().find(|n| n["kind"] == "puzzle_revise").unwrap();
    assert_eq!(revise["reason"], feedback);
    assert_eq!(revise["actor"], Value::Null);
    assert_eq!(revise["link"], format!("/puzzles/{sent_back}"));
    let comment = listed["items"].as_array().unwrap().iter().find(|n| n["kind"] == "puzzle_comment").unwrap();
    assert_eq!(comment["actor"], "alice");
    assert_eq!(comment["link"], format!("/puzzles/{puzzle}#comment-{alices}"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_job_run_twice_writes_one_row(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    let alices: Id = comment(&app, &alice, &puzzle, "A first comment").await.parse().unwrap();
    settle(&app).await;

    let cause = outbox::Cause::Comment { comment: alices };
    let mut tx = app.pool.begin().await.unwrap();
    delivery::deliver(&mut tx, cause).await.unwrap();
    delivery::deliver(&mut tx, cause).await.unwrap();
    outbox::enqueue(&mut tx, cause).await.unwrap();
    tx.commit().await.unwrap();
    delivery::run_due(&app.pool).await.unwrap();

    assert_eq!(written(&app).await, pairs(&[("author", "puzzle_approved"), ("author", "puzzle_comment")]));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn switched_off_kinds_own_actions_and_blocked_users_write_nothing(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    settle(&app).await;
    sqlx::query("DELETE FROM notifications").execute(&app.pool).await.unwrap();

    // The author switches replies off and blocks bob.
    let ticked: Vec<(String, &str)> = NotificationKind::ALL
        .iter()
        .filter(|kind| **kind != NotificationKind::Reply)
        .map(|kind| (format!("receive[{kind}]"), "on"))
        .collect();
    let saved =
        author.post(app.url("/api/notifications/save-preferences")).form(&ticked).send().await.unwrap();
    assert_eq!(saved.status(), 200);
    assert_eq!(body(saved).await["off"], json!(["reply"]));
    let blocked = call(&app, &author, "accounts/block", &[("username", "bob"), ("blocked", "true")]).await;
    assert_eq!(blocked.status(), 200);

    let alices = comment(&app, &alice, &puzzle, "A comment the author hears of").await;
    comment(&app, &bob, &puzzle, "A comment from someone the author blocked").await;
    let authors = reply(&app, &author, &alices, "The author answers").await;
    reply(&app, &alice, &authors, "A reply the author switched off").await;
    comment(&app, &author, &puzzle, "The author's own comment").await;

    assert_eq!(written(&app).await, pairs(&[("alice", "reply"), ("author", "puzzle_comment")]));
    let settings = body(call(&app, &author, "notifications/preferences", &[]).await).await;
    assert_eq!(settings["off"], json!(["reply"]));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_unread_count_marking_read_and_the_live_count(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("author").await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    let alices = comment(&app, &alice, &puzzle, "First!").await;
    comment(&app, &bob, &puzzle, "Second.").await;
    settle(&app).await;
    assert_eq!(unread(&app, &author).await, 3);

    // The bell is in the server's HTML, with its text alternative.
    let page = author.get(app.url("/puzzles")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Notifications, 3 unread"), "the bell counts in the HTML");

    // The live count: at once, then after each change.
    let mut live = author.get(app.url("/notifications/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert_eq!(live.headers()["content-type"], "text/event-stream");
    assert_eq!(next_count(&mut live).await, 3);

    let listed = body(call(&app, &author, "notifications/list", &[("page", "1")]).await).await;
    assert_eq!(listed["totalItems"], 3);
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items[0]["actor"], "bob", "newest first");
    assert!(items.iter().all(|n| n["read"] == false));
    let alices_notice =
        items.iter().find(|n| n["actor"] == "alice").unwrap()["id"].as_str().unwrap().to_owned();

    let no_redirects = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let stranger =
        no_redirects.get(app.url(&format!("/notifications/{alices_notice}/open"))).send().await.unwrap();
    assert_eq!(stranger.status(), 303, "visitors sign in first");
    assert_eq!(stranger.headers()["location"], "/login?next=/notifications");
    let others = alice.get(app.url(&format!("/notifications/{alices_notice}/open"))).send().await.unwrap();
    assert_eq!(others.status(), 404, "only the recipient opens it");
    let opened = no_redirects
        .get(app.url(&format!("/notifications/{alices_notice}/open")))
        .header("cookie", session_cookie(&app, "author").await)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    assert_eq!(
        opened.headers()["location"],
        format!("/puzzles/{puzzle}#comment-{alices}"),
        "it leads to the comment"
    );
    assert_eq!(unread(&app, &author).await, 2);
    assert_eq!(next_count(&mut live).await, 2);

    comment(&app, &alice, &puzzle, "Third, while the page is open").await;
    assert_eq!(next_count(&mut live).await, 3, "a new notification reaches the open page");

    let marked = call(&app, &author, "notifications/read-all", &[]).await;
    assert_eq!(body(marked).await, 3);
    assert_eq!(unread(&app, &author).await, 0);
    assert_eq!(next_count(&mut live).await, 0);
    let listed = body(call(&app, &author, "notifications/list", &[("page", "1")]).await).await;
    assert!(listed["items"].as_array().unwrap().iter().all(|n| n["read"] == true));
}

/// The next `unread` event's count on a live stream.
async fn next_count(live: &mut reqwest::Response) -> u64 {
    let mut text = String::new();
    loop {
        let chunk = tokio::time::timeout(Duration::from_secs(10), live.chunk())
            .await
            .expect("an event within 10 s")
            .unwrap()
            .expect("the stream stays open");
        text.push_str(std::str::from_utf8(&chunk).unwrap());
        if let Some(event) = text.split("\n\n").find(|event| event.contains("event: unread")) {
            let data = event.lines().find_map(|line| line.strip_prefix("data: ")).unwrap();
            return data.parse().unwrap();
        }
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn visitors_and_bad_input_are_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let visitor = new_client();
    assert_eq!(call(&app, &visitor, "notifications/list", &[("page", "1")]).await.status(), 401);
    assert_eq!(call(&app, &visitor, "notifications/read-all", &[]).await.status(), 401);
    assert_eq!(call(&app, &visitor, "notifications/preferences", &[]).await.status(), 401);
    assert_eq!(unread(&app, &visitor).await, Value::Null, "visitors have no bell");
    assert_eq!(visitor.get(app.url("/notifications/live")).send().await.unwrap().status(), 401);
    let page = visitor.get(app.url("/notifications")).send().await.unwrap();
    assert_eq!(page.status(), 401);
    assert!(page.text().await.unwrap().contains("Log in to see your notifications."));

    let alice = app.signed_up("alice").await;
    assert_eq!(call(&app, &alice, "notifications/list", &[("page", "first")]).await.status(), 400);
    for kind in ["nonsense", "reply\0"] {
        let field = format!("receive[{kind}]");
        let refused = call(&app, &alice, "notifications/save-preferences", &[(field.as_str(), "on")]).await;
        assert_eq!(refused.status(), 400, "{kind:?}");
    }
    assert_eq!(alice.get(app.url("/notifications/not-an-id/open")).send().await.unwrap().status(), 404);
    let page = alice.get(app.url("/notifications")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Nothing yet"));
}
