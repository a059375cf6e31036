//! `/moderation/reports`: pending reports grouped by what they are about, each
//! shown in place with the reporters' explanations and one decision form. The page
//! itself is in `decisions`, beside its island; here are its parts.

use super::{BanLength, LOADING, empty_note, when};
use crate::{
    components::{errors::Failure, pager::Pager},
    moderation::{
        ContextLine, Offender, ReportCase, Target,
        api::{DecideReport, report_cases},
    },
};
use leptos::prelude::*;

/// The page of cases, loaded again after each decision.
#[component]
pub fn Cases(page: u32) -> impl IntoView {
    let decide = ServerAction::<DecideReport>::new();
    let cases = Resource::new(move || decide.version().get(), move |_| report_cases(page));
    let error = move || decide.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <p class="form-error" role="alert" hidden=move || error().is_none()>{error}</p>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">{LOADING}</p> }>
            {move || Suspend::new(async move {
                match cases.await {
                    Ok(page) => view! {
                        {empty_note(&page, "No report waits for a decision.")}
                        {page.items.iter().cloned().map(|case| view! { <Case case decide/> }).collect_view()}
                        <Pager page=page.clone() noun="reported items" link=|n| format!("/moderation/reports?page={n}")/>
                    }
                    .into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Case(case: ReportCase, decide: ServerAction<DecideReport>) -> impl IntoView {
    let first = case.reports.first().map(|r| r.id.to_string()).unwrap_or_default();
    let heading = format!("{} · {}", case.problem_type.label(), counted_reports(case.reports.len()));
    view! {
        <article class="panel desk-case" data-testid="report-case">
            <h2>{heading}</h2>
            <TargetView target=case.target.clone()/>
            <ul class="desk-list">
                {case.reports.iter().map(|r| view! {
                    <li>
                        <strong>{r.reporter.clone()}</strong>{format!(" on {}: ", when(r.at))}
                        <span class="tag" data-testid="report-reason">{r.reason.label()}</span>" "
                        {r.explanation.clone()}
                    </li>
                }).collect_view()}
            </ul>
            {case.offender.clone().map(|offender| view! { <OffenderNote offender/> })}
            <ActionForm action=decide attr:class="form desk-decision">
                <input type="hidden" name="report" value=first/>
                <label class="field field--inline">
                    <span>"Decision"</span>
                    <select name="decision">
                        <option value="resolve">"Resolve"</option>
                        <option value="dismiss">"Dismiss"</option>
                    </select>
                </label>
                <label class="field field--inline">
                    <span>"Action"</span>
                    <select name="action">
                        <option value="nothing">"None"</option>
                        <option value="remove">"Remove the content"</option>
                        <option value="warn">"Warn the user"</option>
                        <option value="ban">"Ban the user"</option>
                    </select>
                </label>
                <BanLength label="Ban length"/>
                <label class="field">
                    <span>"Reason"</span>
                    <textarea name="note" rows="2" maxlength="500"></textarea>
                </label>
                <button type="submit" class="button button--primary" disabled=move || decide.pending().get()>"Decide"</button>
            </ActionForm>
        </article>
    }
}

fn counted_reports(n: usize) -> String {
    super::counted(n as i64, "report", "reports")
}

#[component]
fn OffenderNote(offender: Offender) -> impl IntoView {
    let next = offender
        .next_escalation
        .map(|p| format!(" Resolving gives them {} automatically.", p.label()))
        .unwrap_or_default();
    view! {
        <p class="notice" data-testid="escalation">
            <a href=format!("/moderation/users/{}", offender.username)>{offender.username.clone()}</a>
            {format!(" has {} resolved reports.{next}", offender.resolved_reports)}
        </p>
    }
}

#[component]
fn TargetView(target: Target) -> impl IntoView {
    match target {
        Target::Puzzle { title, statement, visibility } => view! {
            <div class="desk-target">
                <h3>{title}{format!(" · {}", visibility.label())}</h3>
                <p class="desk-excerpt">{statement.chars().take(400).collect::<String>()}</p>
            </div>
        }
        .into_any(),
        Target::User { username } => view! {
            <div class="desk-target"><a href=format!("/profile/{username}")>{username.clone()}</a></div>
        }
        .into_any(),
        Target::Comment { puzzle, thread } => view! {
            <div class="desk-target">
                {puzzle.map(|p| view! { <a href=format!("/puzzles/{p}")>"On this puzzle"</a> })}
                <Lines lines=thread/>
            </div>
        }
        .into_any(),
        Target::Chat { game, messages } => view! {
            <div class="desk-target">
                <a href=format!("/multiplayer/{game}")>"In this game"</a>
                <Lines lines=messages/>
            </div>
        }
        .into_any(),
        Target::Missing => view! { <p class="muted">"Deleted since it was reported."</p> }.into_any(),
    }
}

/// A thread or chat, the reported line marked.
#[component]
fn Lines(lines: Vec<ContextLine>) -> impl IntoView {
    view! {
        <ol class="desk-lines">
            {lines.into_iter().map(|line| view! {
                <li class:desk-lines__target=line.is_target aria-current=line.is_target.then_some("true")>
                    <strong>{line.author}</strong>{format!(" ({}): ", when(line.at))}{line.text}
                </li>
            }).collect_view()}
        </ol>
    }
}
