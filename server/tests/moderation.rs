//! The moderation desk and the legacy moderation endpoints, over real HTTP and
//! PostgreSQL (puzzle solutions run in the real sandbox).

mod common;

use common::{EXPLANATION, TestApp, body, call, new_client, report, spawn_app, submitted_sum_puzzle};
use serde_json::{Value, json};
use sqlx::PgPool;

async fn resolve(app: &TestApp, client: &reqwest::Client, report: &str, status: &str) -> reqwest::Response {
    app.post_json(client, &format!("/api/v1/moderation/report/{report}/resolve"), json!({ "status": status }))
        .await
}

async fn audit_actions(app: &TestApp) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT action, details ->> 'reason' FROM audit_logs ORDER BY created_at, id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_legacy_queue_lists_puzzles_and_reports(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let puzzle = submitted_sum_puzzle(&app, &alice, "Sum of numbers").await;
    let bob_id = app.user_id("bob").await.to_string();
    report(&app, &alice, "user", &bob_id).await;
    report(&app, &alice, "puzzle", &puzzle).await;

    assert_eq!(new_client().get(app.url("/api/v1/moderation/review")).send().await.unwrap().status(), 401);
    assert_eq!(bob.get(app.url("/api/v1/moderation/review")).send().await.unwrap().status(), 403);

    let queue = body(moderator.get(app.url("/api/v1/moderation/review")).send().await.unwrap()).await;
    assert_eq!(queue["pagination"], json!({ "page": 1, "limit": 20, "total": 1, "totalPages": 1 }));
    let item = &queue["data"][0];
    assert_eq!(item["id"], puzzle);
    assert_eq!(item["type"], "pending_puzzle");
    assert_eq!(item["title"], "Sum of numbers");
    assert_eq!(item["authorName"], "alice");
    assert!(item["createdAt"].as_str().unwrap().ends_with('Z'));

    let users = body(
        moderator
            .get(app.url("/api/v1/moderation/review?type=reported_user&page=1x&limit=5"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(users["pagination"], json!({ "page": 1, "limit": 5, "total": 1, "totalPages": 1 }));
    let item = &users["data"][0];
    assert_eq!(
        (&item["type"], &item["title"], &item["description"], &item["reportedBy"]),
        (&json!("reported_user"), &json!("bob"), &json!(""), &json!("alice"))
    );
    assert_eq!((&item["reportExplanation"], &item["reportedUserId"]), (&json!(EXPLANATION), &json!(bob_id)));

    let all =
        body(moderator.get(app.url("/api/v1/moderation/review?type=whatever")).send().await.unwrap()).await;
    assert_eq!(all["pagination"]["total"], 2, "an unknown type lists every pending report");
    assert!(all["data"].as_array().unwrap().iter().all(|i| i["type"] == "whatever"));
    let puzzles =
        body(moderator.get(app.url("/api/v1/moderation/review?type=reported_puzzle")).send().await.unwrap())
            .await;
    assert_eq!(puzzles["data"][0]["title"], "Sum of numbers");
    assert_eq!(puzzles["data"][0]["reportedUserName"], "alice");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn legacy_approve_and_revise_follow_the_workflow(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    let other = app.moderator("other").await;
    let alice = app.signed_up("alice").await;
    let first = submitted_sum_puzzle(&app, &alice, "First puzzle").await;
    let second = submitted_sum_puzzle(&app, &alice, "Second puzzle").await;
    let approve = |id: &str| app.url(&format!("/api/v1/moderation/puzzle/{id}/approve"));

    assert_eq!(new_client().post(approve(&first)).send().await.unwrap().status(), 401);
    assert_eq!(alice.post(approve(&first)).send().await.unwrap().status(), 403, "authors do not approve");
    let missing = moderator.post(approve("507f1f77bcf86cd799439011")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(body(missing).await["error"], "Puzzle not found");

    // The legacy frontend sends no body and no Content-Type.
    let approved = moderator.post(approve(&first)).send().await.unwrap();
    assert_eq!(approved.status(), 200);
    let approved = body(approved).await;
    assert_eq!(approved["message"], "Puzzle approved successfully");
    assert_eq!(
        (&approved["puzzle"]["_id"], &approved["puzzle"]["visibility"]),
        (&json!(first), &json!("approved"))
    );
    assert!(approved["puzzle"]["author"].is_string(), "the author as an id");
    let again = other.post(approve(&first)).send().await.unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(body(again).await["error"], "Already decided by mod");
    assert_eq!(body(app.get("/api/v1/puzzle").await).await["totalItems"], 1, "in the catalogue");

    let revise = format!("/api/v1/moderation/puzzle/{second}/revise");
    let no_body = moderator.post(app.url(&revise)).send().await.unwrap();
    assert_eq!(no_body.status(), 400);
    assert_eq!(app.post_json(&moderator, &revise, json!({ "reason": "short" })).await.status(), 400);
    let sent_back = app
        .post_json(&moderator, &revise, json!({ "reason": "Add an example with negative numbers." }))
        .await;
    assert_eq!(sent_back.status(), 200);
    let sent_back = body(sent_back).await;
    assert_eq!(sent_back["message"], "Puzzle sent back for revisions");
    assert_eq!(sent_back["puzzle"]["visibility"], "revise");
    assert_eq!(sent_back["puzzle"]["moderationFeedback"], "Add an example with negative numbers.");

    let audit = audit_actions(&app).await;
    assert!(
        audit.contains(&("puzzle.visibility".into(), Some("Add an example with negative numbers.".into())))
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn legacy_resolve_decides_once(pool: PgPool) {
    let app = spawn_app(pool).await;
    let first = app.moderator("first").await;
    let second = app.moderator("second").await;
    let alice = app.signed_up("alice").await;
    app.signed_up("bob").await;
    let bob = app.user_id("bob").await.to_string();
    let id = report(&app, &alice, "user", &bob).await;

    assert_eq!(resolve(&app, &new_client(), &id, "resolved").await.status(), 401);
    assert_eq!(resolve(&app, &alice, &id, "resolved").await.status(), 403);
    assert_eq!(resolve(&app, &first, "507f1f77bcf86cd799439011", "resolved").await.status(), 404);
    let no_body =
        first.post(app.url(&format!("/api/v1/moderation/report/{id}/resolve"))).send().await.unwrap();
    assert_eq!(no_body.status(), 400);
    assert_eq!(resolve(&app, &first, &id, "pending").await.status(), 400);

    // Two moderators at once: one decision, and the other is told who made it.
    let (a, b) =
        tokio::join!(resolve(&app, &first, &id, "resolved"), resolve(&app, &second, &id, "rejected"));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let (won, lost) = if a.status() == 200 { (a, b) } else { (b, a) };
    let won = body(won).await;
    assert_eq!(won["message"], "Report resolved successfully");
    let winner = if won["report"]["status"] == "resolved" { "first" } else { "second" };
    assert_eq!(body(lost).await["error"], format!("Already decided by {winner}"));
    let decisions: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_logs WHERE action IN ('report.resolve', 'report.dismiss')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(decisions, 1);
}

/// The active ban's length in days (`None` when permanent), or no ban.
async fn current_ban(app: &TestApp, username: &str) -> Option<Option<i64>> {
    let row: Option<(Option<f64>,)> = sqlx::query_as(
        "SELECT extract(epoch FROM b.ends_at - b.starts_at)::float8 / 86400
         FROM users u JOIN user_bans b ON b.id = u.current_ban_id WHERE u.username = $1 AND b.is_active",
    )
    .bind(username)
    .fetch_optional(&app.pool)
    .await
    .unwrap();
    row.map(|(days,)| days.map(|d| d.round() as i64))
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn resolved_reports_escalate_at_three_five_seven_and_ten(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    app.signed_up("bob").await;
    let bob = app.user_id("bob").await.to_string();
    let expected = [None, None, Some(Some(1)), Some(Some(1)), Some(Some(3)), Some(Some(3)), Some(Some(7))];
    let expected = expected.into_iter().chain([Some(Some(7)), Some(Some(7)), Some(None)]);
    for (count, expected) in (1..).zip(expected) {
        let file = body(call(&app, &moderator, "moderation/user", &[("username", "bob")]).await).await;
        let preview = match expected {
            None => Value::Null,
            Some(Some(days)) => json!({ "Days": days }),
            Some(None) => json!("Permanent"),
        };
        assert_eq!(file["next_escalation"], preview, "shown before report {count} is resolved");
        let id = report(&app, &alice, "user", &bob).await;
        assert_eq!(resolve(&app, &moderator, &id, "resolved").await.status(), 200);
        assert_eq!(current_ban(&app, "bob").await, expected, "after {count} resolved reports");
    }
    let dismissed = report(&app, &alice, "user", &bob).await;
    assert_eq!(resolve(&app, &moderator, &dismissed, "rejected").await.status(), 200);
    let count: i32 = sqlx::query_scalar("SELECT report_count FROM users WHERE username = 'bob'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 10, "dismissed reports do not count");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_desk_is_a_404_and_its_actions_403_for_everyone_else(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let puzzle = submitted_sum_puzzle(&app, &alice, "Waiting puzzle").await;
    let pages = [
        "/moderation".to_owned(),
        "/moderation/review".into(),
        format!("/moderation/review/{puzzle}"),
        "/moderation/reports".into(),
        "/moderation/users".into(),
        "/moderation/users/alice".into(),
        "/moderation/audit".into(),
    ];
    for page in &pages {
        for client in [&alice, &new_client()] {
            let response = client.get(app.url(page)).send().await.unwrap();
            assert_eq!(response.status(), 404, "{page}");
            let html = response.text().await.unwrap();
            assert!(html.contains("This page does not exist") && !html.contains("Waiting puzzle"), "{page}");
        }
        assert_eq!(moderator.get(app.url(page)).send().await.unwrap().status(), 200, "{page}");
    }
    let desk = moderator.get(app.url("/moderation")).send().await.unwrap().text().await.unwrap();
    assert!(desk.contains("1 puzzle waiting"), "the queue counts");

    let alice_id = app.user_id("alice").await.to_string();
    let actions: [(&str, Vec<(&str, &str)>); 5] = [
        ("moderation/decide-review", vec![("id", puzzle.as_str()), ("verdict", "approve")]),
        ("moderation/run-solution", vec![("id", puzzle.as_str())]),
        ("moderation/decide-report", vec![("report", puzzle.as_str()), ("decision", "dismiss")]),
        (
            "moderation/ban",
            vec![("user", alice_id.as_str()), ("penalty", "1"), ("reason", "Spamming the comments.")],
        ),
        ("moderation/unban", vec![("user", alice_id.as_str()), ("reason", "Spamming the comments.")]),
    ];
    for (endpoint, form) in &actions {
        assert_eq!(call(&app, &alice, endpoint, form).await.status(), 403, "{endpoint}");
    }
    let visibility: String =
        sqlx::query_scalar("SELECT visibility::text FROM puzzles").fetch_one(&app.pool).await.unwrap();
    assert_eq!(visibility, "review", "nothing was decided");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn nobody_bans_themselves_or_a_moderator(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    app.moderator("other").await;
    let reason = ("reason", "Trying to ban a moderator.");
    for (target, status) in [("mod", 400), ("other", 403)] {
        let id = app.user_id(target).await.to_string();
        let desk = call(
            &app,
            &moderator,
            "moderation/ban",
            &[("user", id.as_str()), ("penalty", "permanent"), reason],
        )
        .await;
        assert_eq!(desk.status(), status, "{target}");
        let legacy = app
            .post_json(
                &moderator,
                &format!("/api/v1/moderation/user/{id}/ban/temporary"),
                json!({ "duration": 1, "reason": reason.1 }),
            )
            .await;
        assert_eq!(legacy.status(), status, "{target}");
    }
    // Nor from a report about their own account.
    let alice = app.signed_up("alice").await;
    let own = report(&app, &alice, "user", &app.user_id("mod").await.to_string()).await;
    let decided = call(
        &app,
        &moderator,
        "moderation/decide-report",
        &[("report", own.as_str()), ("decision", "resolve"), ("action", "ban"), ("penalty", "1"), reason],
    )
    .await;
    assert_eq!(decided.status(), 400);
    let bans: i64 = sqlx::query_scalar("SELECT count(*) FROM user_bans").fetch_one(&app.pool).await.unwrap();
    assert_eq!(bans, 0);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn every_decision_is_in_the_audit_log_with_its_reason(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let bob_id = app.user_id("bob").await.to_string();
    let puzzle = submitted_sum_puzzle(&app, &alice, "Audited puzzle").await;
    let feedback = "Explain what happens with empty input.";
    let revised = call(
        &app,
        &moderator,
        "moderation/decide-review",
        &[("id", puzzle.as_str()), ("verdict", "request_changes"), ("feedback", feedback)],
    )
    .await;
    assert_eq!(revised.status(), 200);

    let warned = report(&app, &alice, "user", &bob_id).await;
    let warn = [
        ("report", warned.as_str()),
        ("decision", "resolve"),
        ("action", "warn"),
        ("note", "Keep it civil, please."),
    ];
    assert_eq!(call(&app, &moderator, "moderation/decide-report", &warn).await.status(), 200);
    let banned = report(&app, &alice, "user", &bob_id).await;
    let ban = [
        ("report", banned.as_str()),
        ("decision", "resolve"),
        ("action", "ban"),
        ("penalty", "1"),
        ("note", "Insults after a warning."),
    ];
    assert_eq!(call(&app, &moderator, "moderation/decide-report", &ban).await.status(), 200);
    let refused = bob.get(app.url("/api/v1/user/me")).send().await.unwrap();
    assert!([401, 403].contains(&refused.status().as_u16()), "bob is refused");
    let unban = [("user", bob_id.as_str()), ("reason", "Apologised to everyone.")];
    assert_eq!(call(&app, &moderator, "moderation/unban", &unban).await.status(), 200);
    let dismissed = report(&app, &alice, "puzzle", &puzzle).await;
    let dismiss = [("report", dismissed.as_str()), ("decision", "dismiss"), ("note", "Nothing wrong here.")];
    assert_eq!(call(&app, &moderator, "moderation/decide-report", &dismiss).await.status(), 200);

    let audit = audit_actions(&app).await;
    for expected in [
        ("puzzle.visibility", Some(feedback)),
        ("report.resolve", Some("Keep it civil, please.")),
        ("user.warn", Some("Keep it civil, please.")),
        ("report.resolve", Some("Insults after a warning.")),
        ("user.ban", Some("Insults after a warning.")),
        ("user.unban", Some("Apologised to everyone.")),
        ("report.dismiss", Some("Nothing wrong here.")),
    ] {
        let expected = (expected.0.to_owned(), expected.1.map(str::to_owned));
        assert!(audit.contains(&expected), "{expected:?} missing from {audit:?}");
    }
    assert!(audit.contains(&("user.role".into(), None)), "role changes are audited");

    let filtered = moderator
        .post(app.url("/api/moderation/audit"))
        .json(&json!({ "query": { "actor": "mod", "action": "user.ban" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(filtered.status(), 200);
    let filtered = body(filtered).await;
    assert_eq!(filtered["totalItems"], 1);
    assert_eq!(filtered["items"][0]["reason"], "Insults after a warning.");
    assert_eq!(filtered["items"][0]["target_id"], json!(bob_id));
    let bad = moderator
        .post(app.url("/api/moderation/audit"))
        .json(&json!({ "query": { "from": "yesterday" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_removed_comment_reads_removed_by_a_moderator(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    app.signed_up("bob").await;
    let puzzle = submitted_sum_puzzle(&app, &alice, "Commented puzzle").await;
    let (puzzle_id, bob) = (puzzle.parse::<app::core::Id>().unwrap(), app.user_id("bob").await);
    // Comments are written by the comments context; here straight into their table.
    let comment = app::core::Id::new();
    sqlx::query("INSERT INTO comments (id, author_id, puzzle_id, comment_type, body, thread_id) VALUES ($1, $2, $3, 'puzzle-comment', 'You are all idiots', $1)")
        .bind(comment)
        .bind(bob)
        .bind(puzzle_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let id = report(&app, &alice, "comment", &comment.to_string()).await;

    let page = moderator.get(app.url("/moderation/reports")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("You are all idiots"), "the comment is shown in place");
    assert!(page.contains("Resolving gives them") || page.contains("has 0 resolved reports"));
    let remove =
        [("report", id.as_str()), ("decision", "resolve"), ("action", "remove"), ("note", "Insulting.")];
    assert_eq!(call(&app, &moderator, "moderation/decide-report", &remove).await.status(), 200);
    let removed_by: Option<app::core::Id> =
        sqlx::query_scalar("SELECT removed_by FROM comments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(removed_by, Some(app.user_id("mod").await), "removed through the comments context");
    let puzzle_page =
        alice.get(app.url(&format!("/puzzles/{puzzle}"))).send().await.unwrap().text().await.unwrap();
    assert!(puzzle_page.contains("[removed by a moderator]"), "a removed comment keeps its place");
    assert!(!puzzle_page.contains("You are all idiots"));
    let removed: String = sqlx::query_scalar(
        "SELECT details ->> 'removedText' FROM audit_logs WHERE action = 'content.remove'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(removed, "You are all idiots", "moderators keep what was removed");
    let again = call(&app, &moderator, "moderation/decide-report", &remove).await;
    assert_eq!(again.status(), 409);
}
