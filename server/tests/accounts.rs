//! Accounts over real HTTP and PostgreSQL: registration, sessions, bans, limits,
//! users and preferences, through the legacy JSON API.

mod common;

use common::{PASSWORD, TestApp, body, new_client, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

fn session_cookie(response: &reqwest::Response) -> String {
    let first = response.headers().get_all("set-cookie").iter().next().expect("a Set-Cookie header");
    first.to_str().unwrap().to_owned()
}

async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    identifier: &str,
    password: &str,
) -> reqwest::Response {
    app.post_json(client, "/api/v1/login", json!({ "identifier": identifier, "password": password })).await
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn registration_starts_a_session_with_the_legacy_cookie(pool: PgPool) {
    let app = spawn_app(pool).await;
    let client = new_client();
    let response = app
        .post_json(
            &client,
            "/api/v1/register",
            json!({ "username": "alice", "email": "Alice@Example.com", "password": PASSWORD, "extra": 1 }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = session_cookie(&response);
    assert!(cookie.starts_with("token="), "the first cookie is the token: {cookie}");
    let value = cookie.trim_start_matches("token=").split(';').next().unwrap();
    assert!(!value.is_empty() && !value.contains('=') && !value.contains('"'), "{value}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert_eq!(body(response).await, json!({ "message": "User registered successfully" }));

    let me = body(client.get(app.url("/api/v1/user/me")).send().await.unwrap()).await;
    assert_eq!(me["isAuthenticated"], true);
    assert_eq!(me["username"], "alice");
    assert_eq!(me["role"], "user");
    assert_eq!(me["userId"].as_str().unwrap().len(), 24);

    let stored: String = sqlx::query_scalar("SELECT email FROM users WHERE username = 'alice'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, "alice@example.com", "e-mails are stored lower-case");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn registration_rejects_bad_input_with_clear_messages(pool: PgPool) {
    let app = spawn_app(pool).await;
    let client = new_client();
    let cases = [
        (json!({}), "Username must be between 3 and 20 characters"),
        (
            json!({ "username": "ab", "email": "a@b.co", "password": PASSWORD }),
            "Username must be between 3 and 20 characters",
        ),
        (
            json!({ "username": "x".repeat(21), "email": "a@b.co", "password": PASSWORD }),
            "Username must be between 3 and 20 characters",
        ),
        (
            json!({ "username": "bad name", "email": "a@b.co", "password": PASSWORD }),
            "Username may only contain letters, digits, '_' and '-'",
        ),
        (
            json!({ "username": "alice", "email": "not-an-email", "password": PASSWORD }),
            "Enter a valid e-mail address",
        ),
        (
            json!({ "username": "alice", "email": "a@b.co", "password": "short" }),
            "Password must be at least 14 characters",
        ),
    ];
    for (request, message) in cases {
        let response = app.post_json(&client, "/api/v1/register", request.clone()).await;
        assert_eq!(response.status(), 400, "{request}");
        let answer = body(response).await;
        assert!(answer["message"].as_str().unwrap().starts_with(message), "{request}: {answer}");
        assert_eq!(answer["details"][0]["message"], message);
    }

    let wrong_type = app
        .post_json(
            &client,
            "/api/v1/register",
            json!({ "username": 5, "email": "a@b.co", "password": PASSWORD }),
        )
        .await;
    assert_eq!(wrong_type.status(), 400);
    assert!(body(wrong_type).await["message"].as_str().unwrap().contains("invalid type"));

    let not_json = client.post(app.url("/api/v1/register")).body("{not json").send().await.unwrap();
    assert_eq!(not_json.status(), 400);
    assert!(body(not_json).await["message"].as_str().unwrap().starts_with("Invalid request body"));

    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(users, 0);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn duplicates_are_refused_regardless_of_case(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    let client = new_client();
    let same_name = app
        .post_json(
            &client,
            "/api/v1/register",
            json!({ "username": "ALICE", "email": "other@example.com", "password": PASSWORD }),
        )
        .await;
    assert_eq!(same_name.status(), 400);
    assert_eq!(body(same_name).await["message"], "Username already exists");
    let same_email = app
        .post_json(
            &client,
            "/api/v1/register",
            json!({ "username": "bob", "email": "ALICE@example.com", "password": PASSWORD }),
        )
        .await;
    assert_eq!(same_email.status(), 400);
    assert_eq!(body(same_email).await["message"], "Email already exists");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn login_by_username_or_email_and_same_answer_for_every_failure(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    for identifier in ["alice", "Alice", "alice@example.com", "ALICE@EXAMPLE.COM"] {
        let client = new_client();
        let response = login(&app, &client, identifier, PASSWORD).await;
        assert_eq!(response.status(), 200, "{identifier}");
        assert!(session_cookie(&response).starts_with("token="));
        assert_eq!(body(response).await, json!({ "message": "Login successful" }));
        assert_eq!(client.get(app.url("/api/v1/user/me")).send().await.unwrap().status(), 200);
    }
    for (identifier, password) in
        [("alice", "the wrong password!"), ("nobody", PASSWORD), ("nobody@example.com", PASSWORD)]
    {
        let response = login(&app, &new_client(), identifier, password).await;
        assert_eq!(response.status(), 400);
        assert_eq!(body(response).await["message"], "Invalid email/username or password");
    }
    let malformed = login(&app, &new_client(), "x", "short").await;
    assert_eq!(malformed.status(), 400);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn user_me_requires_a_session(pool: PgPool) {
    let app = spawn_app(pool).await;
    let response = app.get("/api/v1/user/me").await;
    assert_eq!(response.status(), 401);
    assert!(body(response).await["message"].is_string());
    let forged = reqwest::Client::new()
        .get(app.url("/api/v1/user/me"))
        .header("cookie", "token=forged-session-id")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn logout_revokes_the_session_on_the_server(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    let response = login(&app, &new_client(), "alice", PASSWORD).await;
    let token = session_cookie(&response).split(';').next().unwrap().to_owned();
    let with_token =
        |path: &str| reqwest::Client::new().get(app.url(path)).header("cookie", token.clone()).send();
    assert_eq!(with_token("/api/v1/user/me").await.unwrap().status(), 200);

    let logout = reqwest::Client::new()
        .post(app.url("/api/v1/logout"))
        .header("cookie", token.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 200);
    let cleared = session_cookie(&logout);
    assert!(cleared.starts_with("token=") && cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(body(logout).await, json!({ "message": "Logout successful" }));

    assert_eq!(with_token("/api/v1/user/me").await.unwrap().status(), 401, "the old cookie no longer works");
    let session_id = token.trim_start_matches("token=");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session WHERE id = $1")
        .bind(session_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "the session row is deleted");

    let anonymous = app.post_json(&new_client(), "/api/v1/logout", json!({})).await;
    assert_eq!(anonymous.status(), 200, "logout needs no session");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_ban_ends_sessions_and_refuses_the_user(pool: PgPool) {
    let app = spawn_app(pool).await;
    let moderator = app.moderator("mod").await;
    let alice = app.signed_up("alice").await;
    let alice_id = app.user_id("alice").await;

    let ban = app
        .post_json(
            &moderator,
            &format!("/api/v1/moderation/user/{alice_id}/ban/temporary"),
            json!({ "reason": "spamming the chat", "duration": 1 }),
        )
        .await;
    assert_eq!(ban.status(), 200);
    let ban = body(ban).await;
    assert_eq!(ban["message"], "User temporarily banned");
    assert_eq!(ban["ban"]["banType"], "temporary");
    assert!(ban["ban"]["endDate"].as_str().unwrap().ends_with('Z'));

    assert_eq!(
        alice.get(app.url("/api/v1/user/me")).send().await.unwrap().status(),
        401,
        "the ban ended her session"
    );

    let refused = login(&app, &new_client(), "alice", PASSWORD).await;
    assert_eq!(refused.status(), 403);
    let refused = body(refused).await;
    assert!(refused["error"].as_str().unwrap().starts_with("You are temporarily banned until "), "{refused}");
    assert!(refused["error"].as_str().unwrap().ends_with("Reason: spamming the chat"));
    assert_eq!(refused["banDetails"]["type"], "temporary");
    assert_eq!(refused["banDetails"]["reason"], "spamming the chat");

    let history = body(
        moderator
            .get(app.url(&format!("/api/v1/moderation/user/{alice_id}/ban/history")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(history["bans"][0]["bannedBy"]["username"], "mod");

    // An expired temporary ban stops applying by itself.
    sqlx::query(
        "UPDATE user_bans SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 second'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(login(&app, &new_client(), "alice", PASSWORD).await.status(), 200);

    let permanent = app
        .post_json(
            &moderator,
            &format!("/api/v1/moderation/user/{alice_id}/ban/permanent"),
            json!({ "reason": "repeated abuse of others" }),
        )
        .await;
    assert_eq!(permanent.status(), 200);
    let refused = body(login(&app, &new_client(), "alice", PASSWORD).await).await;
    assert_eq!(refused["error"], "You have been permanently banned. Reason: repeated abuse of others");

    let unban = app
        .post_json(
            &moderator,
            &format!("/api/v1/moderation/user/{alice_id}/unban"),
            json!({ "reason": "Unbanned by moderator" }),
        )
        .await;
    assert_eq!(unban.status(), 200);
    assert_eq!(login(&app, &new_client(), "alice", PASSWORD).await.status(), 200);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn bans_are_for_moderators_and_need_a_reason(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let bob_id = {
        app.signed_up("bob").await;
        app.user_id("bob").await
    };
    let path = format!("/api/v1/moderation/user/{bob_id}/ban/permanent");
    let not_moderator = app.post_json(&alice, &path, json!({ "reason": "a good enough reason" })).await;
    assert_eq!(not_moderator.status(), 403);
    assert_eq!(body(not_moderator).await["message"], "Moderator access required");
    assert_eq!(
        app.post_json(&new_client(), &path, json!({ "reason": "a good enough reason" })).await.status(),
        401
    );

    let moderator = app.moderator("mod").await;
    let short = app.post_json(&moderator, &path, json!({ "reason": "short" })).await;
    assert_eq!(short.status(), 400);
    let no_duration = app
        .post_json(
            &moderator,
            &format!("/api/v1/moderation/user/{bob_id}/ban/temporary"),
            json!({ "reason": "a good enough reason" }),
        )
        .await;
    assert_eq!(no_duration.status(), 400);
    let bad_id = app
        .post_json(
            &moderator,
            "/api/v1/moderation/user/not-an-id/ban/permanent",
            json!({ "reason": "a good enough reason" }),
        )
        .await;
    assert_eq!(bad_id.status(), 400);
    let unknown = app
        .post_json(
            &moderator,
            "/api/v1/moderation/user/507f1f77bcf86cd799439011/ban/permanent",
            json!({ "reason": "a good enough reason" }),
        )
        .await;
    assert_eq!(unknown.status(), 404);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_legacy_bcrypt_hash_logs_in_and_is_replaced(pool: PgPool) {
    let app = spawn_app(pool).await;
    let legacy_hash = bcrypt::hash("an imported legacy password", 10).unwrap();
    sqlx::query("INSERT INTO users (id, username, email, password_hash) VALUES ($1, 'legacy', 'legacy@example.com', $2)")
        .bind(app::core::Id::new())
        .bind(&legacy_hash)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(login(&app, &new_client(), "legacy", "an imported legacy password").await.status(), 200);
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'legacy'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "rehashed: {stored}");
    assert_eq!(login(&app, &new_client(), "legacy", "an imported legacy password").await.status(), 200);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn failed_logins_slow_an_account_down_without_locking_its_owner_out(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    let failures = || async {
        sqlx::query_scalar::<_, i32>("SELECT failed_logins FROM users WHERE username = 'alice'")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    // The first failures cost nothing; the one after them makes the next wait a second.
    for _ in 0..6 {
        assert_eq!(login(&app, &new_client(), "alice", "the wrong password!").await.status(), 400);
    }
    assert_eq!(failures().await, 6);
    let waiting = login(&app, &new_client(), "alice", PASSWORD).await;
    assert_eq!(waiting.status(), 429, "even the right password waits its turn");
    assert_eq!(waiting.headers()["retry-after"], "1");

    // A hundred failures (an attacker from many addresses) make a long wait, not a lock.
    sqlx::query("UPDATE users SET failed_logins = 100, last_failed_login = now() - interval '10 seconds'")
        .execute(&app.pool)
        .await
        .unwrap();
    let slowed = login(&app, &new_client(), "alice", PASSWORD).await;
    assert_eq!(slowed.status(), 429);
    let retry: u64 = slowed.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((880..=900).contains(&retry), "{retry}");
    let slowed = body(slowed).await;
    assert_eq!(slowed["statusCode"], 429);
    assert!(slowed["retryAfter"].is_u64());

    // The owner's own address, where they signed in before, is let through at once.
    let alice = app.user_id("alice").await;
    sqlx::query("INSERT INTO login_addresses (user_id, address) VALUES ($1, '127.0.0.1')")
        .bind(alice)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(login(&app, &new_client(), "alice", PASSWORD).await.status(), 200);
    assert_eq!(failures().await, 0, "a successful login starts over");

    // Failures an hour apart no longer add up.
    sqlx::query("UPDATE users SET failed_logins = 100, last_failed_login = now() - interval '61 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM login_addresses").execute(&app.pool).await.unwrap();
    assert_eq!(login(&app, &new_client(), "alice", PASSWORD).await.status(), 200);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn logins_and_registrations_are_limited_per_address(pool: PgPool) {
    let app = spawn_app(pool).await;
    // A burst of 60 passes; the bucket refills one attempt a second after that.
    let mut refused_at = None;
    for attempt in 0..90 {
        let status = login(&app, &new_client(), "nobody", PASSWORD).await.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            refused_at = Some(attempt);
            break;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let refused_at = refused_at.expect("the address was never limited");
    assert!(refused_at >= 60, "limited after only {refused_at} attempts");

    for i in 0..10 {
        app.signed_up(&format!("user{i}")).await;
    }
    let eleventh = app
        .post_json(
            &new_client(),
            "/api/v1/register",
            json!({ "username": "user10", "email": "u10@example.com", "password": PASSWORD }),
        )
        .await;
    assert_eq!(eleventh.status(), 429);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn public_user_lookups(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    let found = body(app.get("/api/v1/user/alice").await).await;
    assert_eq!(found["message"], "User was found");
    let user = &found["user"];
    assert_eq!(user["username"], "alice");
    assert_eq!(user["role"], "user");
    assert_eq!(user["currentBan"], Value::Null);
    assert!(user.get("email").is_none() && user.get("password").is_none());
    assert!(user.get("profile").is_none(), "absent, not null");
    assert!(user["createdAt"].as_str().unwrap().ends_with('Z'));

    let invalid = app.get("/api/v1/user/x").await;
    assert_eq!(invalid.status(), 400);
    assert_eq!(body(invalid).await["message"], "username is invalid");
    let missing = app.get("/api/v1/user/nobody").await;
    assert_eq!(missing.status(), 404);
    assert_eq!(body(missing).await["message"], "User couldn't be found");

    assert_eq!(body(app.get("/api/v1/user/alice/isAvailable").await).await, json!({ "isAvailable": false }));
    assert_eq!(body(app.get("/api/v1/user/ALICE/isAvailable").await).await, json!({ "isAvailable": false }));
    assert_eq!(body(app.get("/api/v1/user/zed/isAvailable").await).await, json!({ "isAvailable": true }));
    assert_eq!(app.get("/api/v1/user/a!/isAvailable").await.status(), 400);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn preferences_round_trip(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let url = app.url("/api/v1/account/preferences");
    assert_eq!(new_client().get(&url).send().await.unwrap().status(), 401);

    let missing = alice.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(body(missing).await, json!({ "error": "Preferences not found" }));

    let saved =
        body(alice.put(&url).json(&json!({ "theme": "dark", "unknown": true })).send().await.unwrap()).await;
    assert_eq!(saved["theme"], "dark");
    assert_eq!(saved["blockedUsers"], json!([]));
    assert!(saved.get("editor").is_none() && saved.get("preferredLanguage").is_none());
    assert_eq!(saved["owner"], json!(app.user_id("alice").await));

    // A partial editor object gets the defaults for the rest; other keys stay.
    let saved = body(
        alice
            .put(&url)
            .json(&json!({ "preferredLanguage": "python", "editor": { "_id": "x", "keymap": "vim", "lineNumbers": false } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(saved["theme"], "dark", "keys left out are kept");
    assert_eq!(saved["preferredLanguage"], "python");
    assert_eq!(saved["editor"]["keymap"], "vim");
    assert_eq!(saved["editor"]["lineNumbers"], false);
    assert_eq!(saved["editor"]["bracketMatching"], true);

    let patched = body(alice.patch(&url).json(&json!({ "theme": "light" })).send().await.unwrap()).await;
    assert_eq!(patched["theme"], "light");
    assert_eq!(patched["editor"]["keymap"], "vim");

    for bad in [
        json!({ "theme": "pink" }),
        json!({ "editor": { "keymap": "nano" } }),
        json!({ "blockedUsers": ["nope"] }),
        json!({ "preferredLanguage": "" }),
    ] {
        let response = alice.put(&url).json(&bad).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }

    let deleted = alice.delete(&url).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert!(deleted.text().await.unwrap().is_empty());
    assert_eq!(alice.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(alice.delete(&url).send().await.unwrap().status(), 404);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_legacy_frontend_origin_gets_credentialed_cors(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    let response = new_client()
        .post(app.url("/api/v1/login"))
        .header("origin", "http://localhost:5173")
        .json(&json!({ "identifier": "alice", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "http://localhost:5173");
    assert_eq!(response.headers()["access-control-allow-credentials"], "true");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn server_functions_answer_with_the_status_of_their_error(pool: PgPool) {
    let app = spawn_app(pool).await;
    let response = new_client()
        .post(app.url("/api/accounts/login"))
        .form(&[("identifier", "nobody"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(body(response).await, json!({ "BadRequest": "Invalid email/username or password" }));

    let settings = new_client().post(app.url("/api/accounts/settings")).send().await.unwrap();
    assert_eq!(settings.status(), 401);

    // A form posted without JavaScript is redirected back with the error in the URL.
    let no_js = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/api/accounts/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[("identifier", "nobody"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_js.status(), 302);
    assert!(no_js.headers()["location"].to_str().unwrap().contains("__err="));
}
