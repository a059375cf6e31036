//! Users, their bans and their preferences.

use super::{
    Collection, column,
    fields::{Fields, Parsed, Skip},
    known::{Kind, Known},
};
use app::core::Id;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use std::collections::HashSet;

pub struct Users;

pub struct User {
    id: Id,
    username: String,
    email: String,
    password_hash: String,
    profile: Option<serde_json::Value>,
    role: &'static str,
    report_count: i32,
    ban_count: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn is_username(name: &str) -> bool {
    (3..=20).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Collection for Users {
    const NAME: &'static str = "users";
    const KIND: Option<Kind> = Some(Kind::User);
    const CONFLICT: &'static str = "username or email already taken";
    type Row = User;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<User> {
        let id = doc.id("_id")?;
        let username = doc.bounded("username", 3..=20)?;
        if !is_username(&username) {
            return Err(Skip::invalid("username"));
        }
        let email = doc.bounded("email", 3..=320)?.to_lowercase();
        // Legacy hashes are bcrypt; they verify, and are replaced by argon2id at the next login.
        let password_hash = doc.bounded("password", 1..=200)?;
        if let Some(ban) = doc.optional_id("currentBan")? {
            known.current_bans.insert(id, ban);
        }
        let created_at = doc.date_or_id_time("createdAt", id)?;
        Ok(User {
            id,
            username,
            email,
            password_hash,
            profile: doc.json_object("profile")?,
            role: doc.choice("role", &["user", "moderator"], "user")?,
            report_count: doc.count("reportCount")?,
            ban_count: doc.count("banCount")?,
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
        })
    }

    fn key(row: &User) -> Option<Id> {
        Some(row.id)
    }

    async fn write(db: &mut PgConnection, rows: &[User], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            r#"INSERT INTO users (id, username, email, password_hash, profile, role, report_count, ban_count,
                                  created_at, updated_at)
               SELECT u.id, u.username, u.email, u.password_hash, u.profile, u.role::user_role, u.report_count,
                      u.ban_count, u.created_at, u.updated_at
               FROM UNNEST($1::bytea[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::int[],
                           $8::int[], $9::timestamptz[], $10::timestamptz[])
                    AS u(id, username, email, password_hash, profile, role, report_count, ban_count, created_at,
                         updated_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.username.clone()),
            &column(rows, |r| r.email.clone()),
            &column(rows, |r| r.password_hash.clone()),
            &column(rows, |r| r.profile.clone()) as &[Option<serde_json::Value>],
            &column(rows, |r| r.role.to_owned()),
            &column(rows, |r| r.report_count),
            &column(rows, |r| r.ban_count),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}

pub struct Bans;

pub struct Ban {
    id: Id,
    user: Id,
    banned_by: Option<Id>,
    ban_type: &'static str,
    reason: String,
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Collection for Bans {
    const NAME: &'static str = "userbans";
    const KIND: Option<Kind> = Some(Kind::Ban);
    type Row = Ban;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Ban> {
        let id = doc.id("_id")?;
        let ban_type = doc.choice("banType", &["temporary", "permanent"], "temporary")?;
        let created_at = doc.date_or_id_time("createdAt", id)?;
        let starts_at = doc.date("startDate")?.unwrap_or(created_at);
        let ends_at = match (ban_type, doc.date("endDate")?) {
            ("permanent", _) => None,
            (_, Some(end)) if end > starts_at => Some(end),
            _ => return Err(Skip::invalid("endDate")),
        };
        Ok(Ban {
            id,
            user: known.existing(Kind::User, doc.id("userId")?, "userId")?,
            banned_by: doc.optional_id("bannedBy")?.filter(|by| known.has(Kind::User, *by)),
            ban_type,
            reason: doc.bounded("reason", 1..=4000)?,
            starts_at,
            ends_at,
            is_active: doc.flag("isActive", true)?,
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
        })
    }

    fn key(row: &Ban) -> Option<Id> {
        Some(row.id)
    }

    /// Also points each user at their current ban, for the bans written now only, so a
    /// re-run does not undo an unban made since.
    async fn write(db: &mut PgConnection, rows: &[Ban], known: &mut Known) -> sqlx::Result<Vec<Id>> {
        let written = sqlx::query_scalar!(
            r#"INSERT INTO user_bans (id, user_id, banned_by, ban_type, reason, starts_at, ends_at, is_active,
                                      created_at, updated_at)
               SELECT u.id, u.user_id, u.banned_by, u.ban_type::ban_type, u.reason, u.starts_at, u.ends_at,
                      u.is_active, u.created_at, u.updated_at
               FROM UNNEST($1::bytea[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::timestamptz[],
                           $7::timestamptz[], $8::bool[], $9::timestamptz[], $10::timestamptz[])
                    AS u(id, user_id, banned_by, ban_type, reason, starts_at, ends_at, is_active, created_at,
                         updated_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.user) as &[Id],
            &column(rows, |r| r.banned_by) as &[Option<Id>],
            &column(rows, |r| r.ban_type.to_owned()),
            &column(rows, |r| r.reason.clone()),
            &column(rows, |r| r.starts_at) as &[DateTime<Utc>],
            &column(rows, |r| r.ends_at) as &[Option<DateTime<Utc>>],
            &column(rows, |r| r.is_active),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(&mut *db)
        .await?;
        let new: HashSet<Id> = written.iter().copied().collect();
        let current: Vec<&Ban> = rows
            .iter()
            .filter(|ban| new.contains(&ban.id) && known.current_bans.get(&ban.user) == Some(&ban.id))
            .collect();
        sqlx::query!(
            "UPDATE users SET current_ban_id = u.ban FROM UNNEST($1::bytea[], $2::bytea[]) AS u(id, ban)
             WHERE users.id = u.id",
            &column(&current, |ban| ban.user) as &[Id],
            &column(&current, |ban| ban.id) as &[Id],
        )
        .execute(db)
        .await?;
        Ok(written)
    }
}

pub struct Preferences;

pub struct Preference {
    id: Id,
    user: Id,
    blocked_users: serde_json::Value,
    preferred_language: Option<String>,
    theme: Option<&'static str>,
    editor: Option<serde_json::Value>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Collection for Preferences {
    const NAME: &'static str = "preferences";
    const KIND: Option<Kind> = Some(Kind::Preferences);
    const CONFLICT: &'static str = "the user already has preferences";
    type Row = Preference;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Preference> {
        let id = doc.id("_id")?;
        let blocked: Vec<String> = doc.ids("blockedUsers")?.iter().map(Id::to_string).collect();
        if blocked.len() > 1000 {
            return Err(Skip::invalid("blockedUsers"));
        }
        let theme = match doc.optional_text("theme")? {
            None => None,
            Some(_) => Some(doc.choice("theme", &["dark", "light"], "dark")?),
        };
        let created_at = doc.date_or_id_time("createdAt", id)?;
        Ok(Preference {
            id,
            user: known.existing(Kind::User, doc.id("owner")?, "owner")?,
            blocked_users: blocked.into(),
            preferred_language: doc.optional_bounded("preferredLanguage", 1..=64)?,
            theme,
            editor: doc.json_object("editor")?,
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
        })
    }

    fn key(row: &Preference) -> Option<Id> {
        Some(row.id)
    }

    async fn write(db: &mut PgConnection, rows: &[Preference], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            r#"INSERT INTO preferences (id, user_id, blocked_users, preferred_language, theme, editor, created_at,
                                        updated_at)
               SELECT u.id, u.user_id,
                      ARRAY(SELECT decode(b.hex, 'hex') FROM jsonb_array_elements_text(u.blocked) AS b(hex)),
                      u.preferred_language, u.theme::theme, u.editor, u.created_at, u.updated_at
               FROM UNNEST($1::bytea[], $2::bytea[], $3::jsonb[], $4::text[], $5::text[], $6::jsonb[],
                           $7::timestamptz[], $8::timestamptz[])
                    AS u(id, user_id, blocked, preferred_language, theme, editor, created_at, updated_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.user) as &[Id],
            &column(rows, |r| r.blocked_users.clone()),
            &column(rows, |r| r.preferred_language.clone()) as &[Option<String>],
            &column(rows, |r| r.theme.map(str::to_owned)) as &[Option<String>],
            &column(rows, |r| r.editor.clone()) as &[Option<serde_json::Value>],
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}
