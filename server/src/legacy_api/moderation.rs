//! Moderators' user bans: `/moderation/user/:id/...`.

use super::json::LegacyJson;
use app::{
    accounts::{
        BanType,
        auth::{self, AuthSession},
        service::bans::{self, BanOrder},
    },
    core::{AppError, AppResult, Id, state::AppState},
};
use axum::{
    Json,
    extract::{Path, State},
};
use chrono::Duration;
use serde::Deserialize;
use serde_json::{Value, json};

/// The legacy frontend sends `duration` in days; the legacy API wanted `durationMs`.
/// Either is accepted. `userId` is ignored: the path names the user.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BanBody {
    #[serde(default)]
    reason: String,
    duration_ms: Option<f64>,
    duration: Option<f64>,
}

impl BanBody {
    fn duration(&self) -> Option<Duration> {
        let millis = self.duration_ms.or(self.duration.map(|days| days * 86_400_000.0))?;
        (millis.is_finite() && millis > 0.0 && millis < 1e14).then(|| Duration::milliseconds(millis as i64))
    }
}

fn user_id(raw: &str) -> AppResult<Id> {
    raw.parse().map_err(|_| AppError::BadRequest("Invalid user id".into()))
}

pub async fn ban_temporary(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
    LegacyJson(body): LegacyJson<BanBody>,
) -> AppResult<Json<Value>> {
    let moderator = auth::require_moderator(&session)?;
    let order = BanOrder { ban_type: BanType::Temporary, duration: body.duration(), reason: body.reason };
    let ban = bans::ban(&state.pool, moderator.id, user_id(&id)?, order).await?;
    Ok(Json(json!({ "message": "User temporarily banned", "ban": ban })))
}

pub async fn ban_permanent(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
    LegacyJson(body): LegacyJson<BanBody>,
) -> AppResult<Json<Value>> {
    let moderator = auth::require_moderator(&session)?;
    let order = BanOrder { ban_type: BanType::Permanent, duration: None, reason: body.reason };
    let ban = bans::ban(&state.pool, moderator.id, user_id(&id)?, order).await?;
    Ok(Json(json!({ "message": "User permanently banned", "ban": ban })))
}

pub async fn unban(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
    LegacyJson(body): LegacyJson<BanBody>,
) -> AppResult<Json<Value>> {
    let moderator = auth::require_moderator(&session)?;
    bans::unban(&state.pool, moderator.id, user_id(&id)?, &body.reason).await?;
    Ok(Json(json!({ "message": "User unbanned successfully" })))
}

pub async fn ban_history(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    auth::require_moderator(&session)?;
    let history = bans::history(&state.pool, user_id(&id)?).await?;
    let bans: Vec<Value> = history
        .into_iter()
        .map(|(ban, moderator_name)| {
            let mut value = json!(ban);
            value["bannedBy"] = match (ban.banned_by, moderator_name) {
                (Some(id), Some(username)) => json!({ "_id": id, "username": username }),
                _ => Value::Null,
            };
            value
        })
        .collect();
    Ok(Json(json!({ "bans": bans })))
}
