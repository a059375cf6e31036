//! `/profile/:username`: a user's public info, ratings, solving, games and activity.

use crate::{
    accounts::{ActivityKind, ActivityPage, ProfileView, PublicUser, api::profile_page},
    components::{
        community::ReportUnlessOwn,
        errors::{ErrorNotice, Failure, NotFound},
        player_record::PlayerRecordView,
    },
    core::AppError,
    leaderboard::{PlayerRecord, api::profile_record},
    moderation::ProblemType,
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let profile = Resource::new(
        move || {
            let username = params.read().get("username").unwrap_or_default();
            let page = query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
            (username, page)
        },
        |(username, page)| profile_page(username, page),
    );
    let record = Resource::new(
        move || {
            let username = params.read().get("username").unwrap_or_default();
            let games = query.read().get("games").and_then(|p| p.parse().ok()).unwrap_or(1);
            (username, games)
        },
        |(username, games)| profile_record(username, games),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading profile…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(Some(data)) => {
                        let record = record.await;
                        view! { <Profile data record/> }.into_any()
                    }
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Profile(data: ProfileView, record: Result<Option<PlayerRecord>, AppError>) -> impl IntoView {
    let ProfileView { user, activity } = data;
    let activity_page = activity.page;
    let PublicUser { id, username, profile, role, created_at, .. } = user;
    let games_of = username.clone();
    let profile = profile.unwrap_or_default();
    view! {
        <Title text=username.clone()/>
        <Meta name="description" content=format!("{username} on CodinCod")/>
        <section class="profile-head">
            // Pictures from other sites are not loaded: the page's policy keeps images
            // to this origin, so no markup can send a visitor's address elsewhere.
            <span class="avatar" aria-hidden="true">{username.chars().next().map(|c| c.to_ascii_uppercase())}</span>
            <div>
                <h1>{username.clone()}</h1>
                <p class="muted">
                    {(role == crate::accounts::Role::Moderator).then_some("Moderator · ")}
                    "Member since " {created_at.as_datetime().format("%B %Y").to_string()}
                    {profile.location.clone().map(|l| format!(" · {l}"))}
                </p>
                {profile.bio.clone().map(|bio| view! { <p class="profile-bio">{bio}</p> })}
                {profile.picture.clone().map(|src| view! {
                    <p><a href=src rel="nofollow noopener noreferrer" target="_blank">"Picture"</a></p>
                })}
                {(!profile.socials.is_empty()).then(|| view! {
                    <ul class="profile-links">
                        {profile.socials.iter().map(|link| view! {
                            <li><a href=link.clone() rel="nofollow noopener" target="_blank">{link.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                })}
                <ReportUnlessOwn problem=ProblemType::User target=id owner=id/>
            </div>
        </section>
        {match record {
            Ok(Some(record)) => Some(view! {
                <PlayerRecordView record games_link=move |games| profile_url(&games_of, activity_page, games)/>
            }.into_any()),
            Ok(None) => None,
            Err(error) => Some(view! { <ErrorNotice error/> }.into_any()),
        }}
        <section aria-labelledby="activity-title">
            <h2 id="activity-title">"Activity"</h2>
            <Activity activity username/>
        </section>
    }
}

/// A profile's URL at a page of its activity and of its games.
fn profile_url(username: &str, activity_page: u32, games_page: u32) -> String {
    let mut url = format!("/profile/{username}");
    let mut separator = '?';
    for (name, page) in [("page", activity_page), ("games", games_page)] {
        if page > 1 {
            url.push_str(&format!("{separator}{name}={page}"));
            separator = '&';
        }
    }
    url
}

#[component]
fn Activity(activity: ActivityPage, username: String) -> impl IntoView {
    if activity.days.is_empty() {
        return view! { <p class="muted">"Nothing here yet."</p> }.into_any();
    }
    let page_link = move |page: u32| format!("/profile/{username}?page={page}");
    view! {
        <ol class="activity" data-testid="activity">
            {activity.days.into_iter().map(|day| view! {
                <li>
                    <h3 class="activity__date">{day.date.format("%A %e %B %Y").to_string()}</h3>
                    <ul>
                        {day.items.into_iter().map(|item| {
                            let what = match item.kind {
                                ActivityKind::Authored => "Published",
                                ActivityKind::Submitted { solved: true } => "Solved",
                                ActivityKind::Submitted { solved: false } => "Attempted",
                            };
                            view! {
                                <li>
                                    {what} " "
                                    <a href=format!("/puzzles/{}", item.puzzle_id)>{item.puzzle_title}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </li>
            }).collect_view()}
        </ol>
        <nav class="pager" aria-label="Activity pages">
            {(activity.page > 1).then(|| view! { <a href=page_link(activity.page - 1)>"Newer"</a> })}
            {activity.has_more.then(|| view! { <a href=page_link(activity.page + 1)>"Older"</a> })}
        </nav>
    }
    .into_any()
}
