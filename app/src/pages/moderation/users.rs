//! `/moderation/users`: find a user; `/moderation/users/:username`: their file,
//! bans and unbans with a reason, and the ban their next resolved report brings.
//! The file's page is in `decisions`, beside its island; here is the file itself.

use super::{BanLength, DeskNav, LOADING, empty_note, page_param, when};
use crate::{
    components::{errors::Failure, islands::IslandTitle, pager::Pager},
    moderation::{
        UserFile,
        api::{BanUser, UnbanUser, find_users, moderation_file},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = page_param();
    let users = Resource::new(move || (search.get(), page.get()), |(q, page)| find_users(q, page));
    view! {
        <Title text="Users"/>
        <h1>"Users"</h1>
        <DeskNav/>
        <form method="get" action="/moderation/users" class="form form--inline" role="search">
            <label class="field field--inline">
                <span>"Find a user"</span>
                <input type="search" name="q" value=move || search.get() maxlength="20"/>
            </label>
            <button type="submit" class="button">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">{LOADING}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(page) => {
                        let q = utf8_percent_encode(&search.get_untracked(), NON_ALPHANUMERIC).to_string();
                        view! {
                            {empty_note(&page, "No user matches.")}
                            <ul class="desk-list" data-testid="user-list">
                                {page.items.iter().map(|u| view! {
                                    <li>
                                        <a href=format!("/moderation/users/{}", u.username)>{u.username.clone()}</a>
                                        <span class="muted">{format!(
                                            " · {} · {} resolved reports · {} bans{}",
                                            u.role, u.resolved_reports, u.ban_count, if u.banned { " · banned now" } else { "" },
                                        )}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pager page=page.clone() noun="users" link=move |n| format!("/moderation/users?q={q}&page={n}")/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The file, loaded again after a ban or an unban.
#[component]
pub fn Desk(username: String) -> impl IntoView {
    let ban = ServerAction::<BanUser>::new();
    let unban = ServerAction::<UnbanUser>::new();
    let file = Resource::new(
        move || (ban.version().get(), unban.version().get()),
        move |_| moderation_file(username.clone()),
    );
    let error = move || {
        ban.value()
            .get()
            .and_then(Result::err)
            .or_else(|| unban.value().get().and_then(Result::err))
            .map(|e| e.to_string())
    };
    view! {
        <p class="form-error" role="alert" hidden=move || error().is_none()>{error}</p>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">{LOADING}</p> }>
            {move || Suspend::new(async move {
                match file.await {
                    Ok(file) => view! { <File file ban unban/> }.into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn File(file: UserFile, ban: ServerAction<BanUser>, unban: ServerAction<UnbanUser>) -> impl IntoView {
    let user = file.user.clone();
    let (id, unban_id) = (user.id.to_string(), user.id.to_string());
    let escalation = file
        .next_escalation
        .map(|p| format!("The next resolved report against them gives {} automatically.", p.label()))
        .unwrap_or_else(|| "The next resolved report brings no automatic ban.".into());
    view! {
        <IslandTitle text=format!("User {}", user.username)/>
        <h1>{user.username.clone()}</h1>
        <p>{format!(
            "{} · joined {} · {} resolved reports · {} bans",
            user.role, when(user.joined), user.resolved_reports, user.ban_count,
        )}</p>
        <p class="notice" data-testid="escalation">{escalation}</p>
        {file.current_ban.clone().map(|b| view! {
            <p class="notice notice--warning" data-testid="current-ban">
                {format!("Banned ({}) since {}{}: {}", b.ban_type, when(b.start_date),
                    b.end_date.map(|end| format!(" until {}", when(end))).unwrap_or_default(), b.reason)}
            </p>
        })}
        <section class="panel" aria-labelledby="ban-title">
            <h2 id="ban-title">"Ban"</h2>
            <ActionForm action=ban attr:class="form">
                <input type="hidden" name="user" value=id.clone()/>
                <BanLength label="Length"/>
                <label class="field">
                    <span>"Reason for the ban"</span>
                    <textarea name="reason" rows="2" minlength="10" maxlength="500" required></textarea>
                </label>
                <button type="submit" class="button button--danger" disabled=move || ban.pending().get()>"Ban"</button>
            </ActionForm>
            {file.current_ban.is_some().then(|| view! {
                <ActionForm action=unban attr:class="form">
                    <input type="hidden" name="user" value=unban_id/>
                    <label class="field">
                        <span>"Reason for the unban"</span>
                        <textarea name="reason" rows="2" minlength="10" maxlength="500" required></textarea>
                    </label>
                    <button type="submit" class="button" disabled=move || unban.pending().get()>"Unban"</button>
                </ActionForm>
            })}
        </section>
        <section aria-labelledby="history-title">
            <h2 id="history-title">"Ban history"</h2>
            {file.bans.is_empty().then(|| view! { <p class="muted">"Never banned."</p> })}
            <ul class="desk-list" data-testid="ban-history">
                {file.bans.iter().map(|b| view! {
                    <li>
                        {format!(
                            "{} from {}{}{} by {}: {}",
                            b.ban_type,
                            when(b.start_date),
                            b.end_date.map(|end| format!(" to {}", when(end))).unwrap_or_default(),
                            if b.is_active { " (active)" } else { "" },
                            b.banned_by.as_ref().map_or("a former moderator", |m| m.username.as_str()),
                            b.reason,
                        )}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
