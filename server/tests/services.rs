//! The rules the pages, the legacy API and the sockets share, tested once where they
//! live: in the services, called with a `Caller` as every adapter does.

mod common;

use app::{
    accounts::{
        BanType, Caller,
        service::{
            bans::{self, BanOrder},
            credentials, preferences,
        },
    },
    core::{AppError, Id},
    games::service as games,
    puzzles::{
        Visibility,
        service::{authoring, reading},
    },
    state::AppState,
    submissions::service::submitting,
};
use common::{PASSWORD, TestApp, spawn_app};
use sqlx::PgPool;
use std::net::{IpAddr, Ipv4Addr};

fn visitor() -> Caller {
    Caller::anonymous(IpAddr::V4(Ipv4Addr::LOCALHOST))
}

fn order(ban_type: BanType) -> BanOrder {
    let duration = (ban_type == BanType::Temporary).then(|| chrono::Duration::days(1));
    BanOrder { ban_type, reason: "abusive behaviour in chat".into(), duration }
}

async fn state(app: &TestApp) -> AppState {
    let config = common::test_config();
    let options = server::serve::leptos_options(&config);
    AppState::new(app.pool.clone(), config, options, common::shared_runner().await)
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn callers_are_visitors_users_banned_users_or_moderators(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    app.moderator("mod").await;
    assert!(matches!(visitor().user(), Err(AppError::Unauthorized(_))));
    assert!(visitor().signed_in().is_none());

    let alice = app.caller("alice").await;
    assert_eq!(alice.user().unwrap().username, "alice");
    assert!(matches!(alice.moderator(), Err(AppError::Forbidden(_))));
    let moderator = app.caller("mod").await;
    assert!(moderator.moderator().is_ok() && moderator.is_moderator());

    bans::ban(&app.pool, &moderator, alice.user().unwrap().id, order(BanType::Temporary)).await.unwrap();
    let banned = app.caller("alice").await;
    match banned.user() {
        Err(AppError::Banned { details, .. }) => assert_eq!(details.ban_type, "temporary"),
        other => panic!("a banned user acting is refused with the ban, got {other:?}"),
    }
    assert!(banned.signed_in().is_none(), "banned users read as visitors");
    assert!(matches!(games::admit(&state(&app).await, &banned), Err(AppError::Banned { .. })));
    assert!(matches!(games::admit(&state(&app).await, &visitor()), Err(AppError::Unauthorized(_))));
    // Logging in says why, once the password is right.
    let state = state(&app).await;
    let refused = credentials::login(&app.pool, &state.rate_limits, &visitor(), "alice", PASSWORD).await;
    assert!(matches!(refused, Err(AppError::Banned { .. })));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn only_moderators_ban_and_never_themselves_or_each_other(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    app.signed_up("bob").await;
    app.moderator("mod").await;
    app.moderator("other").await;
    let (alice, moderator) = (app.caller("alice").await, app.caller("mod").await);
    let bob = app.user_id("bob").await;
    let refused = bans::ban(&app.pool, &alice, bob, order(BanType::Permanent)).await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))));
    let itself = bans::ban(&app.pool, &moderator, app.user_id("mod").await, order(BanType::Permanent)).await;
    assert!(matches!(itself, Err(AppError::BadRequest(_))));
    let colleague =
        bans::ban(&app.pool, &moderator, app.user_id("other").await, order(BanType::Permanent)).await;
    assert!(matches!(colleague, Err(AppError::Forbidden(_))));
    let unknown = bans::ban(&app.pool, &moderator, Id::from_bytes([9; 12]), order(BanType::Permanent)).await;
    assert!(matches!(unknown, Err(AppError::NotFound(_))));
    assert!(bans::history(&app.pool, &alice, bob).await.is_err(), "histories are for moderators");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn drafts_belong_to_their_author_and_moderators(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    app.signed_up("bob").await;
    app.moderator("mod").await;
    let (alice, bob, moderator) =
        (app.caller("alice").await, app.caller("bob").await, app.caller("mod").await);
    let draft = authoring::create(&app.pool, &alice, "Sum of two").await.unwrap();
    assert!(matches!(
        authoring::create(&app.pool, &visitor(), "Sum of two").await,
        Err(AppError::Unauthorized(_))
    ));
    for (reader, sees) in [(&alice, true), (&moderator, true), (&bob, false), (&visitor(), false)] {
        let view = reading::view(&app.pool, reader, draft).await;
        assert_eq!(view.is_ok(), sees, "{:?}", reader.signed_in());
        if !sees {
            assert!(matches!(view, Err(AppError::NotFound(_))), "a draft's existence does not leak");
        }
    }
    assert_eq!(reading::view(&app.pool, &alice, draft).await.unwrap().visibility, Visibility::Draft);
    assert!(matches!(authoring::delete(&app.pool, &bob, draft).await, Err(AppError::NotFound(_))));
    authoring::delete(&app.pool, &alice, draft).await.unwrap();
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn submissions_count_against_the_users_limit(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("alice").await;
    let moderator = app.moderator("mod").await;
    let puzzle: Id = common::published_sum_puzzle(&app, &author, &moderator).await.parse().unwrap();
    let python: Id = common::language_id(&app, "python").await.parse().unwrap();
    let state = state(&app).await;
    let alice = app.caller("alice").await;
    let code = "print(sum(map(int, input().split())))";
    let mut accepted = 0;
    let refused = loop {
        match submitting::submit(&state, &alice, puzzle, python, code).await {
            Ok(_) => accepted += 1,
            Err(error) => break error,
        }
        assert!(accepted <= 50, "the limit never came");
    };
    assert!(matches!(refused, AppError::TooManyRequests { .. }), "{refused:?}");
    assert_eq!(accepted, 10, "ten submissions a minute");
    let empty = submitting::submit(&state, &app.caller("mod").await, puzzle, python, "  ").await;
    assert!(matches!(empty, Err(AppError::Validation(_))));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn preferences_are_the_callers_own(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    let alice = app.caller("alice").await;
    assert!(matches!(preferences::mine(&app.pool, &visitor()).await, Err(AppError::Unauthorized(_))));
    assert!(preferences::for_reader(&app.pool, &visitor()).await.unwrap().is_none());
    let blocked = preferences::set_blocked(&app.pool, &alice, "alice", true).await;
    assert!(matches!(blocked, Err(AppError::Validation(_))), "nobody blocks themselves");
    let unknown = preferences::set_blocked(&app.pool, &alice, "nobody", true).await;
    assert!(matches!(unknown, Err(AppError::Validation(_))));
}
