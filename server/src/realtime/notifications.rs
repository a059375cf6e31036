//! `/notifications/live`: the unread count of the signed-in user, as server-sent
//! events, first at once and again whenever their notifications change, so the bell
//! of every open page follows without a reload. Like the sockets, the stream follows
//! the account: a ban or an ended session ends it. `/notifications/{id}/open` marks
//! one read and leads to what it is about, for plain links.

use app::{
    accounts::Caller,
    core::{AppError, Id},
    games::hub::Hub,
    notifications::service::inbox,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    response::{
        IntoResponse, Redirect, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use futures::stream::{self, Stream};
use std::{convert::Infallible, sync::Arc};
use tokio::sync::broadcast::{self, error::RecvError};

pub async fn live(State(state): State<AppState>, State(hub): State<Arc<Hub>>, caller: Caller) -> Response {
    let user = match caller.user() {
        Ok(user) => user.id,
        Err(refusal) => return refusal.into_response(),
    };
    let follower = Follower {
        pool: state.pool.clone(),
        changes: hub.notifications(user),
        account: hub.user(user),
        caller,
        first: true,
    };
    Sse::new(counts(follower)).keep_alive(KeepAlive::default()).into_response()
}

/// Opens a notification: marks it read and redirects to its target. Visitors sign in
/// first and come back to their notifications.
pub async fn open(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    let opened = match id.parse::<Id>() {
        Ok(id) => inbox::open(&state.pool, &caller, id).await,
        Err(_) => Err(AppError::not_found("Notification not found")),
    };
    match opened {
        Ok(link) => Redirect::to(&link).into_response(),
        Err(AppError::Unauthorized(_)) => Redirect::to("/login?next=/notifications").into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

struct Follower {
    pool: sqlx::PgPool,
    changes: broadcast::Receiver<()>,
    account: broadcast::Receiver<()>,
    caller: Caller,
    first: bool,
}

/// `unread` events with the count; the stream ends when the account may no longer
/// read (the event `ended` says why) or the hub goes.
fn counts(follower: Follower) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(Some(follower), |follower| async move {
        let mut follower = follower?;
        if !std::mem::take(&mut follower.first) {
            loop {
                tokio::select! {
                    change = follower.changes.recv() => match change {
                        Ok(()) | Err(RecvError::Lagged(_)) => break,
                        Err(RecvError::Closed) => return None,
                    },
                    change = follower.account.recv() => {
                        if matches!(change, Err(RecvError::Closed)) {
                            return None;
                        }
                        match follower.caller.refreshed(&follower.pool).await {
                            Ok(fresh) => follower.caller = fresh,
                            Err(reason) => {
                                return Some((Ok(Event::default().event("ended").data(reason.to_string())), None));
                            }
                        }
                    }
                }
            }
        }
        let event = match inbox::unread(&follower.pool, &follower.caller).await {
            Ok(count) => Event::default().event("unread").data(count.unwrap_or_default().to_string()),
            Err(error) => {
                tracing::warn!(%error, "could not count unread notifications");
                Event::default().comment("count unavailable")
            }
        };
        Some((Ok(event), Some(follower)))
    })
}
