//! Server functions of the notifications context. Each works from a plain form post
//! too (a ticked checkbox sends `receive[kind]=on`).

use super::{Notification, NotificationSettings};
use crate::core::{AppError, Page};
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use crate::{accounts::context::caller, notifications::service};

#[server(endpoint = "notifications/list")]
pub async fn notifications(page: u32) -> Result<Page<Notification>, AppError> {
    let (state, caller) = caller().await?;
    service::inbox::list(&state.pool, &caller, page).await
}

/// The bell's count; none for visitors.
#[server(endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<Option<u64>, AppError> {
    let (state, caller) = caller().await?;
    service::inbox::unread(&state.pool, &caller).await
}

#[server(endpoint = "notifications/read-all")]
pub async fn mark_all_notifications_read() -> Result<u64, AppError> {
    let (state, caller) = caller().await?;
    service::inbox::mark_all_read(&state.pool, &caller).await
}

#[server(endpoint = "notifications/preferences")]
pub async fn notification_preferences() -> Result<NotificationSettings, AppError> {
    let (state, caller) = caller().await?;
    service::settings::get(&state.pool, &caller).await
}

/// `receive` holds the ticked kinds; every other kind is switched off.
#[server(endpoint = "notifications/save-preferences")]
pub async fn save_notification_preferences(
    receive: Option<HashMap<String, String>>,
) -> Result<NotificationSettings, AppError> {
    let (state, caller) = caller().await?;
    let received = receive
        .unwrap_or_default()
        .keys()
        .map(|kind| {
            super::NotificationKind::parse(kind)
                .ok_or_else(|| AppError::validation("receive", format!("Unknown notification kind {kind:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    service::settings::receive_only(&state.pool, &caller, &received).await
}
