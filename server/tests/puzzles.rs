//! Puzzles and languages over real HTTP and PostgreSQL, with solutions checked in
//! the real sandbox.

mod common;

use common::{TestApp, body, language_id, new_client, spawn_app};
use serde_json::json;
use sqlx::PgPool;

async fn python_id(app: &TestApp) -> String {
    language_id(app, "python").await
}

const SUM: &str = "print(sum(map(int, input().split())))";

/// A complete puzzle by `author`: one public example, two hidden tests, a solution.
async fn complete_puzzle(app: &TestApp, author: &reqwest::Client, title: &str, solution: &str) -> String {
    let created = app.post_json(author, "/api/v1/puzzle", json!({ "title": title })).await;
    assert_eq!(created.status(), 201);
    let id = body(created).await["_id"].as_str().unwrap().to_owned();
    let python = python_id(app).await;
    let update = author
        .put(app.url(&format!("/api/v1/puzzle/{id}")))
        .json(&json!({
            "statement": "Print the sum of the numbers on the line.",
            "constraints": "At most 10 numbers.",
            "difficulty": "beginner",
            "tags": ["math"],
            "validators": [
                { "input": "1 2", "output": "3", "isPublic": true },
                { "input": "40 2", "output": "42", "isPublic": false },
                { "input": "7 0", "output": "7", "isPublic": false },
            ],
            "solution": { "code": solution, "programmingLanguage": python },
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(update.status(), 200, "{}", update.text().await.unwrap());
    id
}

async fn set_visibility(app: &TestApp, client: &reqwest::Client, id: &str, to: &str) -> reqwest::Response {
    client
        .put(app.url(&format!("/api/v1/puzzle/{id}")))
        .json(&json!({ "visibility": to }))
        .send()
        .await
        .unwrap()
}

/// Takes a complete puzzle through the workflow to published.
async fn publish(app: &TestApp, author: &reqwest::Client, moderator: &reqwest::Client, id: &str) {
    for to in ["ready", "review"] {
        assert_eq!(set_visibility(app, author, id, to).await.status(), 200, "{to}");
    }
    assert_eq!(set_visibility(app, moderator, id, "approved").await.status(), 200);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn creating_reading_and_editing_a_puzzle(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let created = app.post_json(&alice, "/api/v1/puzzle", json!({ "title": "  Sum of numbers  " })).await;
    assert_eq!(created.status(), 201);
    let doc = body(created).await;
    assert_eq!(doc["title"], "Sum of numbers");
    assert_eq!(doc["author"], json!(app.user_id("alice").await));
    assert_eq!(doc["visibility"], "draft");
    assert_eq!(doc["difficulty"], "intermediate");
    assert_eq!(doc["validators"], json!([]));
    assert_eq!(doc["comments"], json!([]));
    assert_eq!(doc["solution"], json!({ "code": "" }));
    assert!(doc.get("statement").is_none(), "absent, not null: {doc}");
    let id = doc["_id"].as_str().unwrap().to_owned();

    let python = python_id(&app).await;
    let url = app.url(&format!("/api/v1/puzzle/{id}"));
    let edited = alice
        .put(&url)
        .json(&json!({ "statement": "Add them.", "difficulty": "advanced", "createdAt": "2000-01-01T00:00:00.000Z",
                       "solution": { "code": SUM, "programmingLanguage": { "_id": python, "language": "python" } } }))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    let edited = body(edited).await;
    assert_eq!(edited["statement"], "Add them.");
    assert_eq!(edited["difficulty"], "advanced");
    assert_ne!(edited["createdAt"], "2000-01-01T00:00:00.000Z", "clients do not set dates");

    // Keys the client leaves out are kept (the legacy API reset them).
    let renamed =
        body(alice.put(&url).json(&json!({ "title": "Sum of many numbers" })).send().await.unwrap()).await;
    assert_eq!(renamed["title"], "Sum of many numbers");
    assert_eq!(renamed["statement"], "Add them.");
    assert_eq!(renamed["difficulty"], "advanced");

    let solution =
        body(alice.get(app.url(&format!("/api/v1/puzzle/{id}/solution"))).send().await.unwrap()).await;
    assert_eq!(solution["solution"]["code"], SUM);
    assert_eq!(solution["solution"]["programmingLanguage"]["language"], "python");
    assert_eq!(solution["author"]["username"], "alice", "populated");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn bad_puzzle_input_is_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    for title in
        [json!({}), json!({ "title": "abc" }), json!({ "title": "x".repeat(129) }), json!({ "title": 42 })]
    {
        let response = app.post_json(&alice, "/api/v1/puzzle", title.clone()).await;
        assert_eq!(response.status(), 400, "{title}");
    }
    assert_eq!(
        app.post_json(&new_client(), "/api/v1/puzzle", json!({ "title": "Anonymous" })).await.status(),
        401
    );

    let id =
        body(app.post_json(&alice, "/api/v1/puzzle", json!({ "title": "A fine title" })).await).await["_id"]
            .as_str()
            .unwrap()
            .to_owned();
    let url = app.url(&format!("/api/v1/puzzle/{id}"));
    for bad in [
        json!({ "difficulty": "impossible" }),
        json!({ "statement": "x".repeat(2049) }),
        json!({ "constraints": "y".repeat(257) }),
        json!({ "tags": ["not_a_tag"] }),
        json!({ "title": "no" }),
    ] {
        let response = alice.put(&url).json(&bad).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        assert!(body(response).await["message"].is_string());
    }
    assert_eq!(app.get("/api/v1/puzzle/not-an-id").await.status(), 400);
    assert_eq!(app.get("/api/v1/puzzle/507f1f77bcf86cd799439011").await.status(), 404);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn drafts_belong_to_their_author(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let id = complete_puzzle(&app, &alice, "Alice's draft", SUM).await;
    let url = app.url(&format!("/api/v1/puzzle/{id}"));

    assert_eq!(
        bob.get(&url).send().await.unwrap().status(),
        404,
        "another user's draft does not exist for them"
    );
    assert_eq!(new_client().get(&url).send().await.unwrap().status(), 404);
    assert_eq!(bob.put(&url).json(&json!({ "title": "Stolen" })).send().await.unwrap().status(), 404);
    assert_eq!(bob.delete(&url).send().await.unwrap().status(), 404);
    assert_eq!(
        new_client().put(&url).json(&json!({ "title": "Anonymous" })).send().await.unwrap().status(),
        401
    );

    let moderator = app.moderator("mod").await;
    assert_eq!(moderator.get(&url).send().await.unwrap().status(), 200, "moderators see drafts");
    publish(&app, &alice, &moderator, &id).await;

    let edit = bob.put(&url).json(&json!({ "title": "Stolen" })).send().await.unwrap();
    assert_eq!(edit.status(), 403);
    assert_eq!(body(edit).await["error"], "Not authorized to edit this puzzle");
    let solution = bob.get(app.url(&format!("/api/v1/puzzle/{id}/solution"))).send().await.unwrap();
    assert_eq!(solution.status(), 403);
    assert_eq!(
        new_client().get(app.url(&format!("/api/v1/puzzle/{id}/solution"))).send().await.unwrap().status(),
        401
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn hidden_tests_never_reach_other_users(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let moderator = app.moderator("mod").await;
    let bob = app.signed_up("bob").await;
    let id = complete_puzzle(&app, &alice, "Hidden tests", SUM).await;
    publish(&app, &alice, &moderator, &id).await;
    let url = app.url(&format!("/api/v1/puzzle/{id}"));

    let public = body(bob.get(&url).send().await.unwrap()).await;
    assert_eq!(public["validators"].as_array().unwrap().len(), 1);
    assert_eq!(public["validators"][0]["input"], "1 2");
    let own = body(alice.get(&url).send().await.unwrap()).await;
    assert_eq!(own["validators"].as_array().unwrap().len(), 3);

    let list = body(app.get("/api/v1/puzzle").await).await;
    assert_eq!(list["items"][0]["validators"].as_array().unwrap().len(), 1);

    // Neither the page nor its hydration data carries a hidden test.
    for client in [&bob, &new_client()] {
        let html = client.get(app.url(&format!("/puzzles/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Hidden tests"));
        assert!(html.contains("1 2"), "the public example is shown");
        assert!(!html.contains("40 2") && !html.contains("7 0"), "a hidden test leaked");
    }
    let html = alice.get(app.url(&format!("/puzzles/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("40 2"), "the author sees every test");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_workflow_is_enforced(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let moderator = app.moderator("mod").await;

    let broken = complete_puzzle(&app, &alice, "Broken solution", "print(0)").await;
    let refused = set_visibility(&app, &alice, &broken, "ready").await;
    assert_eq!(refused.status(), 400);
    assert_eq!(
        body(refused).await["message"],
        "Your solution fails test 1 of 3; fix the solution or the test first"
    );

    let empty = body(app.post_json(&alice, "/api/v1/puzzle", json!({ "title": "Empty puzzle" })).await).await
        ["_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let incomplete = body(set_visibility(&app, &alice, &empty, "ready").await).await;
    assert!(
        incomplete["message"].as_str().unwrap().starts_with("The puzzle is not complete: a statement"),
        "{incomplete}"
    );

    let id = complete_puzzle(&app, &alice, "Good puzzle", SUM).await;
    let skip = set_visibility(&app, &alice, &id, "review").await;
    assert_eq!(skip.status(), 400, "a draft is checked before review");
    assert_eq!(set_visibility(&app, &alice, &id, "ready").await.status(), 200);
    let own_approval = set_visibility(&app, &alice, &id, "approved").await;
    assert_eq!(own_approval.status(), 400, "no move from ready to approved");
    assert_eq!(set_visibility(&app, &alice, &id, "review").await.status(), 200);
    let self_approve = set_visibility(&app, &alice, &id, "approved").await;
    assert_eq!(self_approve.status(), 403);
    assert_eq!(set_visibility(&app, &moderator, &id, "approved").await.status(), 200);

    let reviews: i64 =
        sqlx::query_scalar("SELECT count(*) FROM moderation_reviews WHERE outcome = 'approved'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(reviews, 1);
    let audit: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_logs WHERE action = 'puzzle.visibility'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(audit, 3, "ready, review, approved");

    let delete = alice.delete(app.url(&format!("/api/v1/puzzle/{id}"))).send().await.unwrap();
    assert_eq!(delete.status(), 403);
    assert_eq!(body(delete).await["error"], "This puzzle was public, contact support to get it deleted.");
    let deleted = alice.delete(app.url(&format!("/api/v1/puzzle/{empty}"))).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert!(deleted.text().await.unwrap().is_empty());
    let gone = alice.delete(app.url(&format!("/api/v1/puzzle/{empty}"))).send().await.unwrap();
    assert_eq!(gone.status(), 404);
    assert_eq!(body(gone).await["message"], format!("Couldn't find puzzle with id ({empty})"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn lists_paginate_and_show_only_what_is_public(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let moderator = app.moderator("mod").await;
    let published = complete_puzzle(&app, &alice, "Published puzzle", SUM).await;
    publish(&app, &alice, &moderator, &published).await;
    complete_puzzle(&app, &alice, "Still a draft", SUM).await;
    let author = app.user_id("alice").await;
    app::puzzles::service::authoring::generate_bulk(&app.pool, author, 25).await.unwrap();

    let first = body(app.get("/api/v1/puzzle").await).await;
    assert_eq!((first["page"].clone(), first["pageSize"].clone()), (json!(1), json!(10)));
    assert_eq!(first["totalItems"], 26, "drafts are not listed");
    assert_eq!(first["totalPages"], 3);
    assert_eq!(first["items"].as_array().unwrap().len(), 10);
    assert_eq!(first["items"][0]["author"]["username"], "alice");

    let clamped = body(app.get("/api/v1/puzzle?pageSize=100000").await).await;
    assert_eq!(clamped["pageSize"], 100);
    assert_eq!(clamped["items"].as_array().unwrap().len(), 26);
    let beyond = body(app.get("/api/v1/puzzle?page=99").await).await;
    assert_eq!(beyond["items"], json!([]));
    for bad in ["page=0", "page=-1", "page=x", "pageSize=1.5"] {
        assert_eq!(app.get(&format!("/api/v1/puzzle?{bad}")).await.status(), 400, "{bad}");
    }

    let own = body(alice.get(app.url("/api/v1/user/alice/puzzle?pageSize=100")).send().await.unwrap()).await;
    assert_eq!(own["totalItems"], 27, "the owner sees their draft");
    let others = body(app.get("/api/v1/user/alice/puzzle?pageSize=100").await).await;
    assert_eq!(others["totalItems"], 26);
    assert_eq!(app.get("/api/v1/user/nobody/puzzle").await.status(), 404);
    assert_eq!(app.get("/api/v1/user/x/puzzle").await.status(), 400);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_cached_catalogue_follows_publishing_at_once(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let moderator = app.moderator("mod").await;
    let id = complete_puzzle(&app, &alice, "Freshly published", SUM).await;
    let listed = || async { body(app.get("/api/v1/puzzle").await).await["totalItems"].clone() };
    let page = || async { app.get("/puzzles").await.text().await.unwrap() };
    assert_eq!(listed().await, 0);
    assert!(!page().await.contains("Freshly published"));

    publish(&app, &alice, &moderator, &id).await;
    assert_eq!(listed().await, 1, "approval shows without waiting for the cache to expire");
    assert!(page().await.contains("Freshly published"));

    let edit = moderator
        .put(app.url(&format!("/api/v1/puzzle/{id}")))
        .json(&json!({ "title": "Renamed by a moderator" }))
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 200, "{}", edit.text().await.unwrap());
    assert!(page().await.contains("Renamed by a moderator"), "an edit of a listed puzzle shows at once");

    assert_eq!(set_visibility(&app, &alice, &id, "inactive").await.status(), 200);
    assert_eq!(listed().await, 0, "unpublishing shows at once");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_list_page_searches_filters_and_sorts(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let moderator = app.moderator("mod").await;
    for title in ["Adding numbers", "Reverse a string"] {
        let id = complete_puzzle(&app, &alice, title, SUM).await;
        publish(&app, &alice, &moderator, &id).await;
    }
    let app = &app;
    let page = |query: &'static str| async move {
        app.get(&format!("/puzzles?{query}")).await.text().await.unwrap()
    };
    let found = page("q=adding").await;
    assert!(found.contains("Adding numbers") && !found.contains("Reverse a string"));
    let escaped = page("q=100%25").await;
    assert!(escaped.contains("No puzzles match."), "% is a literal character");
    let by_tag = page("tag=math&difficulty=beginner&sort=title").await;
    let (a, r) = (by_tag.find("Adding numbers").unwrap(), by_tag.find("Reverse a string").unwrap());
    assert!(a < r, "sorted by title");
    assert!(page("difficulty=expert").await.contains("No puzzles match."));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn languages_come_from_the_runner(pool: PgPool) {
    let app = spawn_app(pool).await;
    let list = body(app.get("/api/v1/programming-language").await).await;
    let languages = list["languages"].as_array().unwrap();
    for name in ["python", "javascript", "c", "c++", "java", "bash"] {
        assert!(languages.iter().any(|l| l["language"] == name), "{name} missing: {list}");
    }
    let python = languages.iter().find(|l| l["language"] == "python").unwrap();
    assert!(python["aliases"].is_array() && python["version"].as_str().unwrap().contains('.'));
    let id = python["_id"].as_str().unwrap();
    assert_eq!(body(app.get(&format!("/api/v1/programming-language/{id}")).await).await, *python);
    let missing = app.get("/api/v1/programming-language/507f1f77bcf86cd799439011").await;
    assert_eq!(missing.status(), 404);
    assert_eq!(body(missing).await, json!({ "error": "Programming language not found" }));
}
